// A Clock the test moves by hand (`clock.now += 1000`), so that time passes without sleeping.
#pragma once

#include "im/clock.hpp"

namespace im::test {

class ManualClock final : public Clock {
 public:
  Millis now = 1795720716000;
  Millis now_ms() const override { return now; }
};

}  // namespace im::test
