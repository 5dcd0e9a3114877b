// The process's own figures for GET /metrics under the names Prometheus's client libraries use
// (process_cpu_seconds_total, process_resident_memory_bytes, ...), so that dashboards and
// alerts written for them work unchanged. Read from /proc/self on each scrape.
#pragma once

#include <cstdint>
#include <optional>

namespace im::host {

struct ProcessFigures {
  double cpu_seconds = 0;  // user + system
  std::uint64_t resident_bytes = 0;
  std::uint64_t virtual_bytes = 0;
  double start_time_seconds = 0;  // since the Unix epoch
  std::uint64_t open_fds = 0;
  std::uint64_t max_fds = 0;
};

// nullopt where /proc is not mounted.
std::optional<ProcessFigures> read_process_figures();

}  // namespace im::host
