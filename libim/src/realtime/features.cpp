#include "im/features.hpp"

#include <array>
#include <utility>

namespace im {

namespace {

constexpr std::array<std::pair<Feature, std::string_view>, 5> kNames{{
    {Feature::sync, "sync"},
    {Feature::typing, "typing"},
    {Feature::presence, "presence"},
    {Feature::edit, "edit"},
    {Feature::receipts, "receipts"},
}};

}  // namespace

std::optional<Feature> feature_from_name(std::string_view name) {
  for (const auto& [feature, text] : kNames)
    if (text == name) return feature;
  return std::nullopt;
}

std::string_view feature_name(Feature feature) {
  for (const auto& [value, text] : kNames)
    if (value == feature) return text;
  return "unknown";
}

}  // namespace im
