// The configuration a process runs with, as KEY=value lines (im_server check-config): every
// setting with its effective value, defaults included; secrets masked.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "server/config/host_config.hpp"

namespace im::host {

inline constexpr const char* masked_secret = "********";

// One (KEY, value) per setting_keys() entry, in the same order. SECRET_KEY, DB_PASS and
// REDIS_PWD show masked_secret when set, nothing when empty.
std::vector<std::pair<std::string, std::string>> effective_settings(const HostConfig& config);

}  // namespace im::host
