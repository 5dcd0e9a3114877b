// Printing the results: a human-readable block and, on request, one JSON line.
#pragma once

#include <optional>

#include "bench/group_run.hpp"
#include "bench/idle_run.hpp"
#include "bench/login_storm.hpp"
#include "bench/message_run.hpp"
#include "bench/options.hpp"

namespace im::bench {

// CPU seconds used during the measured phase and its wall time.
struct CpuUse {
  double wall_s = 0;
  std::optional<double> server_s;
  std::optional<double> server_kernel_s;  // of server_s, the part spent in the kernel
  double client_s = 0;
};

void print_message_report(const Options& o, MessageResult& r, const CpuUse& cpu,
                          std::optional<std::int64_t> server_rss_kib);
void print_group_report(const Options& o, GroupResult& r, const CpuUse& cpu,
                        std::optional<std::int64_t> server_rss_kib);
void print_login_storm_report(const Options& o, LoginStormResult& r);
void print_idle_report(const Options& o, const IdleResult& r);

}  // namespace im::bench
