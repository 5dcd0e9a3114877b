// How the Redis bus shares each node's figures for the admin summary (docs/operations.md "Admin
// API"): hash `im:nodes`, field = node id, value `<unix ms> <online users> <sessions> <messages
// per minute, or ->`, written by each node when its sessions change and every 15 s; readers
// ignore entries older than 45 s.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "im/bus.hpp"

namespace im::host::redis {

inline constexpr std::string_view kNodeLoadsKey = "im:nodes";

std::string node_load_value(std::int64_t stamp_ms, const NodeLoad& load);
// The load and its stamp; nullopt for anything malformed.
std::optional<std::pair<std::int64_t, NodeLoad>> decode_node_load(std::string_view node,
                                                                  std::string_view value);

}  // namespace im::host::redis
