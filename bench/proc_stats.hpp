// Process figures read from /proc: resident memory and CPU time, plus the fd limit.
#pragma once

#include <cstdint>
#include <optional>

namespace im::bench {

// VmRSS of `pid` in KiB (from /proc/<pid>/status), nullopt if unreadable.
std::optional<std::int64_t> rss_kib(int pid);
// User + system CPU seconds consumed by `pid` so far (/proc/<pid>/stat), nullopt if unreadable.
std::optional<double> cpu_seconds(int pid);
// Raises RLIMIT_NOFILE's soft limit to the hard limit; returns the new soft limit.
std::uint64_t raise_fd_limit();

}  // namespace im::bench
