// The SharedSendBuckets port: the per-user send buckets of a cluster, kept where every node sees
// them, so that the per-user send limit (SendLimiter) holds across nodes. The embedded default
// has none (one node counts alone); the host's adapter is Redis
// (server/adapters/redis/send_buckets.cpp).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "im/types.hpp"

namespace im {

class SharedSendBuckets {
 public:
  struct Charge {
    UserId user = 0;
    std::int64_t sent = 0;  // messages taken on this node since its last report (may be 0)
  };
  // Per charge, in order: how far (µs) the user's shared bucket runs ahead of now after the
  // charge, 0 when it is full. Empty when the buckets could not be reached.
  using Done = std::function<void(std::vector<std::int64_t> ahead_us)>;

  virtual ~SharedSendBuckets() = default;
  // Charges each user's shared bucket (a theoretical arrival time on the store's clock): it
  // advances by sent * interval_us, from now at the earliest, and never runs more than cap_us
  // ahead of now. Never blocks; `done` runs once, on any thread.
  virtual void charge(std::vector<Charge> charges, std::int64_t interval_us, std::int64_t cap_us,
                      Done done) = 0;
};

}  // namespace im
