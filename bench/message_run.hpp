// The 1:1 messaging load: users in pairs, each sending `on-message` to its peer (load_run.hpp).
#pragma once

#include <vector>

#include "bench/load_run.hpp"

namespace im::bench {

MessageResult run_messages(const Options& options, const Target& target,
                           const std::vector<User>& users, const PhaseHooks& hooks);

}  // namespace im::bench
