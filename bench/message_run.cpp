#include "bench/message_run.hpp"

namespace im::bench {

MessageResult run_messages(const Options& o, const Target& target, const std::vector<User>& users,
                           const PhaseHooks& hooks) {
  std::vector<SocketUnit> pairs;
  for (std::size_t p = 0; p + 1 < users.size(); p += 2) {
    const User& a = users[p];
    const User& b = users[p + 1];
    pairs.push_back({{&a, true, b.id, std::nullopt, 1}, {&b, true, a.id, std::nullopt, 1}});
  }
  return run_load(o, target, pairs, hooks);
}

}  // namespace im::bench
