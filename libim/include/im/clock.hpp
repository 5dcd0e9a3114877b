// The Clock port: tests substitute a manual clock to move time without sleeping.
#pragma once

#include <chrono>
#include <memory>

#include "im/types.hpp"

namespace im {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Millis now_ms() const = 0;
  Seconds now_s() const { return now_ms() / 1000; }
};

std::shared_ptr<Clock> make_system_clock();

}  // namespace im
