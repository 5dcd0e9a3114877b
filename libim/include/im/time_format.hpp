// The three date formats of docs/contract/http-api.md 6.2 and the UTC+08:00 storage convention of
// docs/contract/data-model.md 1.3.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "im/types.hpp"

namespace im {

// F: "YYYY-MM-DD HH:mm:ss" in the process's local time zone (TZ).
std::string format_f(Seconds t);
// R: "YYYY-MM-DD HH:mm" in local time.
std::string format_r(Seconds t);
// I: "YYYY-MM-DDTHH:mm:ss.sssZ" in UTC, with the given milliseconds.
std::string format_i(Seconds t, int millis = 0);
std::string format_i_ms(Millis t);

// Stored DATETIME text ("YYYY-MM-DD HH:MM:SS", UTC+08:00 wall clock) <-> epoch seconds.
std::string to_db_datetime(Seconds t);
std::optional<Seconds> from_db_datetime(std::string_view text);

}  // namespace im
