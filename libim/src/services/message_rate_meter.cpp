#include "im/message_rate_meter.hpp"

namespace im {

std::optional<double> MessageRateMeter::sample(std::int64_t now_ms, std::uint64_t total) {
  std::lock_guard lock(mutex_);
  // Keep one sample at least a window old (the base of the rate) and drop the older ones.
  while (samples_.size() >= 2 && now_ms - samples_[1].at_ms >= kWindowMs) samples_.pop_front();
  std::optional<double> rate;
  if (!samples_.empty()) {
    const Sample& base = samples_.front();
    const std::int64_t span = now_ms - base.at_ms;
    if (span >= kMinSpanMs && total >= base.total) {
      rate = static_cast<double>(total - base.total) * static_cast<double>(kWindowMs) /
             static_cast<double>(span);
    }
  }
  // Samples closer together than a second add nothing but memory.
  if (samples_.empty() || now_ms - samples_.back().at_ms >= 1000)
    samples_.push_back({now_ms, total});
  return rate;
}

}  // namespace im
