#include "server/adapters/redis/node_load_entry.hpp"

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include <fmt/format.h>

namespace im::host::redis {

std::string node_load_value(std::int64_t stamp_ms, const NodeLoad& load) {
  const std::string rate =
      load.messages_per_minute ? std::to_string(std::llround(*load.messages_per_minute)) : "-";
  return fmt::format("{} {} {} {}", stamp_ms, load.online_users, load.sessions, rate);
}

std::optional<std::pair<std::int64_t, NodeLoad>> decode_node_load(std::string_view node,
                                                                  std::string_view value) {
  const std::string text(value);
  std::int64_t stamp = 0;
  NodeLoad load;
  load.node = node;
  char rate[24] = {};
  int used = 0;
  if (std::sscanf(text.c_str(), "%" SCNd64 " %" SCNd64 " %" SCNd64 " %23s%n", &stamp,
                  &load.online_users, &load.sessions, rate, &used) != 4 ||
      static_cast<std::size_t>(used) != text.size())
    return std::nullopt;
  if (std::string_view(rate) != "-") {
    char* end = nullptr;
    const long long per_minute = std::strtoll(rate, &end, 10);
    if (*end != '\0') return std::nullopt;
    load.messages_per_minute = static_cast<double>(per_minute);
  }
  return std::pair{stamp, std::move(load)};
}

}  // namespace im::host::redis
