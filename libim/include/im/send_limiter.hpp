// Per-user send limits (issue 14, docs/operations.md "Per-user send limits"): a token bucket per
// user for the chat messages (one-to-one and group) a user sends over the socket. A message over
// the limit is refused with codec::ack_too_many_messages() and not stored.
//
// The bucket is kept as a "theoretical arrival time" (the generic cell rate algorithm): one
// integer per user, advanced by 1/rate per message and allowed to run ahead of now by at most
// burst/rate. Users are spread over shards, each with its own lock held for a few instructions,
// so that I/O threads rarely meet; a user's first message after an idle spell inserts its bucket
// (the only allocation), idle buckets are swept as a shard grows.
//
// Across nodes (SharedSendBuckets, Redis): every node decides locally and reports, at most every
// `report_interval` (checked on each message, taken or refused), the messages it took since its
// last report, for every user it has seen lately. The shared bucket of each user is charged with
// them and its state comes back asynchronously; the local bucket then runs at least as far ahead
// as the shared one, so what other nodes took counts here too. The hot path never waits for
// Redis; messages taken on several nodes within one report interval may exceed the cluster-wide
// limit, and are charged afterwards (the user then waits for them).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

#include "im/send_buckets.hpp"
#include "im/types.hpp"

namespace im {

class SendLimiter {
 public:
  struct Limits {
    double per_second = 0;  // sustained messages per second per user; 0 = no limit
    double burst = 0;       // messages a user may send at once after an idle spell (>= 1)
  };
  // Monotonic microseconds (tests substitute their own).
  using NowMicros = std::function<std::int64_t()>;

  explicit SendLimiter(Limits limits, std::shared_ptr<SharedSendBuckets> shared = nullptr,
                       std::chrono::milliseconds report_interval = std::chrono::milliseconds{250},
                       NowMicros now = nullptr);
  ~SendLimiter();
  SendLimiter(const SendLimiter&) = delete;
  SendLimiter& operator=(const SendLimiter&) = delete;

  bool enabled() const { return enabled_; }
  // One message of `user`: true when it is within the limit (and counted), false when it is
  // over it (nothing counted). Any thread.
  bool try_take(UserId user);
  // Reports to the shared buckets now, unless a report is in flight (try_take does this by
  // itself every report_interval). No-op without shared buckets.
  void report();

 private:
  struct State;
  void report_at(std::int64_t now);
  bool enabled_;
  std::shared_ptr<State> state_;  // shared with the report in flight
};

}  // namespace im
