// Latency samples in microseconds with exact percentiles (a run holds at most a few million
// samples, so keeping them all is cheaper than being clever).
#pragma once

#include <cstdint>
#include <vector>

namespace im::bench {

class LatencySamples {
 public:
  void add(std::int64_t micros) {
    samples_.push_back(static_cast<std::uint32_t>(micros < 0 ? 0 : micros));
  }
  void merge(const LatencySamples& other);
  std::size_t count() const { return samples_.size(); }
  // p in [0, 100]; 0 when empty. Sorts the samples on first use.
  double percentile_ms(double p);
  double max_ms();

 private:
  std::vector<std::uint32_t> samples_;
  bool sorted_ = false;
};

}  // namespace im::bench
