#include "im/services/push_retry.hpp"

#include <algorithm>

namespace im {

std::chrono::milliseconds PushRetrySchedule::delay(int attempts) const {
  auto d = first;
  for (int i = 1; i < attempts && d < cap; ++i) d *= 2;
  return std::min(d, cap);
}

std::optional<Millis> PushRetrySchedule::next_attempt(int attempts, Millis created_at, Millis now,
                                                      double jitter) const {
  const auto base = delay(attempts).count();
  const Millis at = now + base + static_cast<Millis>(static_cast<double>(base) * jitter / 4);
  if (at - created_at > give_up_after.count()) return std::nullopt;
  return at;
}

}  // namespace im
