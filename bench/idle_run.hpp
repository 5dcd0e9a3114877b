// The idle-connection measurement: N websocket connections that only CONNECT and answer pings,
// spread over a few users (several devices each), with the server's RSS sampled before and after.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "bench/im_connection.hpp"
#include "bench/options.hpp"
#include "bench/registration.hpp"

namespace im::bench {

struct IdleResult {
  int requested = 0;
  int connected = 0;
  int failed = 0;
  int dropped = 0;  // lost while idle
  double connect_s = 0;
  std::optional<std::int64_t> rss_before_kib;
  std::optional<std::int64_t> rss_after_kib;
};

// `sample_rss` reads the server's RSS (nullopt when unknown).
IdleResult run_idle(const Options& options, const Target& target, const std::vector<User>& users,
                    const std::function<std::optional<std::int64_t>()>& sample_rss);

}  // namespace im::bench
