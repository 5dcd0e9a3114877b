// Log levels per component (LOG_LEVEL) and the names of levels, components and formats.
#include <array>
#include <atomic>

#include "im/log.hpp"

namespace im::log {
namespace {

constexpr std::array<std::string_view, component_count> kComponentNames{
    "core", "services", "storage", "realtime", "http", "socketio", "redis", "server"};

std::array<std::atomic<Level>, component_count> g_levels{Level::info, Level::info, Level::info,
                                                         Level::info, Level::info, Level::info,
                                                         Level::info, Level::info};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

using Levels = std::array<Level, component_count>;

// "info,http=warn": the first item without '=' sets every component, the pairs after it one each.
std::optional<Levels> parse_levels(std::string_view spec) {
  Levels levels;
  levels.fill(Level::info);
  bool first = true;
  while (true) {
    const auto comma = spec.find(',');
    const auto item = trim(spec.substr(0, comma));
    const auto eq = item.find('=');
    if (eq == std::string_view::npos) {
      auto l = parse_level(item);
      if (!l || !first) return std::nullopt;
      levels.fill(*l);
    } else {
      auto c = parse_component(trim(item.substr(0, eq)));
      auto l = parse_level(trim(item.substr(eq + 1)));
      if (!c || !l) return std::nullopt;
      levels[static_cast<std::size_t>(*c)] = *l;
    }
    first = false;
    if (comma == std::string_view::npos) return levels;
    spec.remove_prefix(comma + 1);
  }
}

}  // namespace

std::string_view component_name(Component c) {
  return kComponentNames[static_cast<std::size_t>(c)];
}

std::optional<Component> parse_component(std::string_view name) {
  for (std::size_t i = 0; i < kComponentNames.size(); ++i)
    if (kComponentNames[i] == name) return static_cast<Component>(i);
  return std::nullopt;
}

std::optional<Level> parse_level(std::string_view name) {
  if (name == "trace") return Level::trace;
  if (name == "debug") return Level::debug;
  if (name == "info") return Level::info;
  if (name == "warn" || name == "warning") return Level::warn;
  if (name == "error") return Level::error;
  if (name == "off" || name == "none") return Level::off;
  return std::nullopt;
}

std::string_view level_name(Level l) {
  switch (l) {
    case Level::trace:
      return "trace";
    case Level::debug:
      return "debug";
    case Level::info:
      return "info";
    case Level::warn:
      return "warn";
    case Level::error:
      return "error";
    case Level::off:
      break;
  }
  return "off";
}

std::optional<Format> parse_format(std::string_view name) {
  if (name == "text") return Format::text;
  if (name == "json") return Format::json;
  return std::nullopt;
}

void set_level(Level l) {
  for (auto& level : g_levels) level.store(l, std::memory_order_relaxed);
}

bool valid_levels(std::string_view spec) {
  return parse_levels(spec).has_value();
}

bool set_levels(std::string_view spec) {
  auto levels = parse_levels(spec);
  if (!levels) return false;
  for (std::size_t i = 0; i < levels->size(); ++i)
    g_levels[i].store((*levels)[i], std::memory_order_relaxed);
  return true;
}

Level level(Component c) {
  return g_levels[static_cast<std::size_t>(c)].load(std::memory_order_relaxed);
}

bool enabled(Level l, Component c) {
  return l >= level(c);
}

}  // namespace im::log
