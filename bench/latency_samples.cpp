#include "bench/latency_samples.hpp"

#include <algorithm>
#include <cmath>

namespace im::bench {

void LatencySamples::merge(const LatencySamples& other) {
  samples_.insert(samples_.end(), other.samples_.begin(), other.samples_.end());
  sorted_ = false;
}

double LatencySamples::percentile_ms(double p) {
  if (samples_.empty()) return 0;
  if (!sorted_) {
    std::sort(samples_.begin(), samples_.end());
    sorted_ = true;
  }
  // Nearest rank.
  auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(samples_.size())));
  rank = std::clamp<std::size_t>(rank, 1, samples_.size());
  return samples_[rank - 1] / 1000.0;
}

double LatencySamples::max_ms() {
  return percentile_ms(100);
}

}  // namespace im::bench
