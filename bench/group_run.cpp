#include "bench/group_run.hpp"

#include <fmt/core.h>

#include "bench/groups.hpp"

namespace im::bench {

bool has_second_device(int member, int pct) {
  return pct >= 100 || (member * pct) % 100 < pct;
}

GroupResult run_groups(const Options& o, const Target& target, const std::vector<User>& users,
                       const PhaseHooks& hooks) {
  const auto size = static_cast<std::size_t>(o.group_size);
  std::vector<std::vector<const User*>> members(static_cast<std::size_t>(o.groups));
  for (std::size_t g = 0; g < members.size(); ++g)
    for (std::size_t i = 0; i < size; ++i) members[g].push_back(&users[g * size + i]);
  const auto group_ids = create_groups(target.endpoint, members);

  int second_devices = 0;
  for (int i = 0; i < o.group_size; ++i) second_devices += has_second_device(i, o.devices_pct);
  GroupResult result;
  result.sockets_per_group = o.group_size + second_devices;
  const int senders = o.group_senders > 0 ? std::min(o.group_senders, o.group_size) : o.group_size;
  fmt::print(
      "im_bench: {} group(s) of {} members, {} sockets each ({} second devices), {} senders each\n",
      o.groups, o.group_size, result.sockets_per_group, second_devices, senders);

  std::vector<SocketUnit> units(members.size());
  for (std::size_t g = 0; g < members.size(); ++g) {
    for (int i = 0; i < o.group_size; ++i) {
      const User* u = members[g][static_cast<std::size_t>(i)];
      // Only a member's first device sends; whichever socket sends, all the others get the push.
      units[g].push_back(
          {u, i < senders, group_ids[g], group_ids[g], result.sockets_per_group - 1});
      if (has_second_device(i, o.devices_pct)) units[g].push_back({u, false, 0, std::nullopt, 0});
    }
  }
  result.load = run_load(o, target, units, hooks);
  return result;
}

}  // namespace im::bench
