// Runs with TZ=UTC (set by ctest).
#include <catch2/catch.hpp>

#include "im/time_format.hpp"

using namespace im;

TEST_CASE("F, R and I formats", "[time]") {
  Seconds t = 1795720715;  // 2026-11-26T19:18:35Z
  CHECK(format_f(t) == "2026-11-26 19:18:35");
  CHECK(format_r(t) == "2026-11-26 19:18");
  CHECK(format_i(t) == "2026-11-26T19:18:35.000Z");
  CHECK(format_i_ms(1795720352475) == "2026-11-26T19:12:32.475Z");
}

TEST_CASE("storage uses the UTC+08:00 wall clock", "[time]") {
  // docs/contract/data-model.md 1.3: 19:10:00Z is stored as the next day's 03:10:00.
  Seconds t = 1795720200;  // 2026-11-26T19:10:00Z
  CHECK(to_db_datetime(t) == "2026-11-27 03:10:00");
  CHECK(from_db_datetime("2026-11-27 03:10:00") == t);
  CHECK(from_db_datetime("2026-11-27T03:10:00.000") == t);
  CHECK_FALSE(from_db_datetime("2026-11-27").has_value());
  CHECK_FALSE(from_db_datetime("2026-xx-27 03:10:00").has_value());
}
