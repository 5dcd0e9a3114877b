// Counters of the realtime core for an operator's metrics endpoint (issue 4, item 7). Plain
// relaxed atomics: one increment on the hot path, read whenever /metrics is scraped.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>

namespace im {

// A fixed-bucket latency histogram (Prometheus `le` buckets, in seconds).
class LatencyHistogram {
 public:
  static constexpr std::array<double, 10> bounds{0.001, 0.0025, 0.005, 0.01, 0.025,
                                                 0.05,  0.1,    0.25,  0.5,  1.0};

  void observe(std::chrono::steady_clock::duration d) {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(d).count();
    const double s = static_cast<double>(us) / 1e6;
    std::size_t i = 0;
    while (i < bounds.size() && s > bounds[i]) ++i;
    buckets_[i].fetch_add(1, std::memory_order_relaxed);  // non-cumulative; rendered cumulative
    sum_us_.fetch_add(static_cast<std::uint64_t>(us), std::memory_order_relaxed);
  }

  // Observations in bucket `i` alone (i == bounds.size(): above the last bound).
  std::uint64_t bucket(std::size_t i) const { return buckets_[i].load(std::memory_order_relaxed); }
  double sum_seconds() const {
    return static_cast<double>(sum_us_.load(std::memory_order_relaxed)) / 1e6;
  }

 private:
  std::array<std::atomic<std::uint64_t>, bounds.size() + 1> buckets_{};
  std::atomic<std::uint64_t> sum_us_{0};
};

struct RealtimeStats {
  std::atomic<std::uint64_t> messages_stored{0};
  // Per receiving user of an on-message (docs/contract/realtime.md 8.2): 200, 204, 408.
  std::atomic<std::uint64_t> messages_delivered{0};
  std::atomic<std::uint64_t> messages_offline{0};
  std::atomic<std::uint64_t> messages_failed{0};
  // Pushes offered to the other nodes over the Bus, and those that came back 408.
  std::atomic<std::uint64_t> bus_forwarded{0};
  std::atomic<std::uint64_t> bus_timeouts{0};
  // Time from a session's emit to its client's ack (acked emits only).
  LatencyHistogram ack_latency;

  static void bump(std::atomic<std::uint64_t>& c) { c.fetch_add(1, std::memory_order_relaxed); }
};

}  // namespace im
