// Messages per minute for the admin summary (docs/operations.md "Admin API"), from a running
// total such as RealtimeStats::messages_stored. Nothing runs on the message path: the total is
// sampled whenever the summary is asked for, and the rate is the growth since the newest sample
// at least a minute old (or, while there is none yet, the growth over the oldest sample's span,
// scaled to a minute). Thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>

namespace im {

class MessageRateMeter {
 public:
  // Records `total` at `now_ms` and returns the rate per minute; nullopt until an earlier
  // sample lies at least `kMinSpanMs` back.
  std::optional<double> sample(std::int64_t now_ms, std::uint64_t total);

  static constexpr std::int64_t kWindowMs = 60'000;
  static constexpr std::int64_t kMinSpanMs = 5'000;

 private:
  struct Sample {
    std::int64_t at_ms;
    std::uint64_t total;
  };
  std::mutex mutex_;
  std::deque<Sample> samples_;  // oldest first; at most one older than the window
};

}  // namespace im
