#include "server/adapters/redis/node_load_entry.hpp"

#include <charconv>
#include <cmath>
#include <vector>

#include <fmt/format.h>

namespace im::host::redis {

namespace {

template <class T>
bool number(std::string_view s, T& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

std::string node_load_value(std::int64_t stamp_ms, const NodeLoad& load) {
  const std::string rate =
      load.messages_per_minute ? std::to_string(std::llround(*load.messages_per_minute)) : "-";
  return fmt::format("{} {} {} {}", stamp_ms, load.online_users, load.sessions, rate);
}

std::optional<std::pair<std::int64_t, NodeLoad>> decode_node_load(std::string_view node,
                                                                  std::string_view value) {
  std::vector<std::string_view> parts;
  while (!value.empty()) {
    auto sp = value.find(' ');
    parts.push_back(value.substr(0, sp));
    if (sp == std::string_view::npos) break;
    value.remove_prefix(sp + 1);
  }
  if (parts.size() != 4) return std::nullopt;
  std::int64_t stamp = 0;
  NodeLoad load;
  load.node = node;
  if (!number(parts[0], stamp) || !number(parts[1], load.online_users) ||
      !number(parts[2], load.sessions))
    return std::nullopt;
  if (parts[3] != "-") {
    std::int64_t rate = 0;
    if (!number(parts[3], rate)) return std::nullopt;
    load.messages_per_minute = static_cast<double>(rate);
  }
  return std::pair{stamp, std::move(load)};
}

}  // namespace im::host::redis
