// The group fan-out load: --groups groups of --group-size members, created over HTTP by their
// first member; every member online, --devices-pct of them with a second websocket (a second
// device of the same user); the senders (--group-senders per group, default every member) send
// group messages. Every socket of the group except the sending one gets each push.
#pragma once

#include <vector>

#include "bench/load_run.hpp"

namespace im::bench {

struct GroupResult {
  MessageResult load;         // sent/acked count group messages, delivered counts pushes
  int sockets_per_group = 0;  // members plus second devices
};

// `users` holds groups × group-size users, group g being users [g·N, (g+1)·N).
GroupResult run_groups(const Options& options, const Target& target, const std::vector<User>& users,
                       const PhaseHooks& hooks);

// Whether member i of a group opens a second device: those with i·pct mod 100 < pct, which spreads
// them evenly over the group and gives pct % of its members (rounded up).
bool has_second_device(int member, int pct);

}  // namespace im::bench
