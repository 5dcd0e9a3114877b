#include "server/realtime/connect_features.hpp"

#include <string_view>

namespace im::host {

Features features_from_connect_payload(const boost::json::value& payload) {
  Features features;
  const auto* object = payload.if_object();
  if (!object) return features;
  const auto* field = object->if_contains("features");
  const auto* names = field ? field->if_array() : nullptr;
  if (!names) return features;
  for (const auto& name : *names) {
    const auto* text = name.if_string();
    if (!text) continue;
    if (auto feature = feature_from_name(std::string_view(*text))) features.add(*feature);
  }
  return features;
}

}  // namespace im::host
