// When a failed webhook post is tried again (docs/operations.md "Offline push webhook"):
// exponential backoff from `first` doubling up to `cap`, each delay stretched by up to a quarter
// at random (so that many nodes and rows do not retry in step), and given up once the event is
// older than `give_up_after`.
#pragma once

#include <chrono>
#include <optional>

#include "im/types.hpp"

namespace im {

struct PushRetrySchedule {
  std::chrono::milliseconds first{1000};
  std::chrono::milliseconds cap{std::chrono::minutes{10}};
  std::chrono::milliseconds give_up_after{std::chrono::hours{24}};

  // The delay after the `attempts`-th failed post (1 = the first), before jitter.
  std::chrono::milliseconds delay(int attempts) const;
  // When to post again after the `attempts`-th failure at `now` of an event enqueued at
  // `created_at`; nullopt once it is too old to try again. `jitter` in [0, 1) picks the stretch.
  std::optional<Millis> next_attempt(int attempts, Millis created_at, Millis now,
                                     double jitter) const;
};

}  // namespace im
