// Process figures read from /proc: resident memory and CPU time, plus the fd limit.
#pragma once

#include <cstdint>
#include <optional>

namespace im::bench {

// VmRSS of `pid` in KiB (from /proc/<pid>/status), nullopt if unreadable.
std::optional<std::int64_t> rss_kib(int pid);
// CPU seconds consumed by a process so far: in user space and in the kernel on its behalf.
struct CpuTimes {
  double user_s = 0;
  double system_s = 0;
  double total() const { return user_s + system_s; }
};
// CpuTimes of `pid` (/proc/<pid>/stat), nullopt if unreadable.
std::optional<CpuTimes> cpu_seconds(int pid);
// Raises RLIMIT_NOFILE's soft limit to the hard limit; returns the new soft limit.
std::uint64_t raise_fd_limit();

}  // namespace im::bench
