#include "im/time_format.hpp"

#include <ctime>

#include <fmt/format.h>

namespace im {
namespace {

// docs/contract/data-model.md 1.3: UTC+08:00 wall clock.
constexpr Seconds kStorageOffset = 8 * 3600;

std::tm local_tm(Seconds t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  localtime_r(&tt, &tm);
  return tm;
}

std::tm utc_tm(Seconds t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  return tm;
}

std::string date_time(const std::tm& tm, char separator, bool with_seconds) {
  if (with_seconds)
    return fmt::format("{:04}-{:02}-{:02}{}{:02}:{:02}:{:02}", tm.tm_year + 1900, tm.tm_mon + 1,
                       tm.tm_mday, separator, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return fmt::format("{:04}-{:02}-{:02}{}{:02}:{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     separator, tm.tm_hour, tm.tm_min);
}

}  // namespace

std::string format_f(Seconds t) {
  return date_time(local_tm(t), ' ', true);
}

std::string format_r(Seconds t) {
  return date_time(local_tm(t), ' ', false);
}

std::string format_i(Seconds t, int millis) {
  return fmt::format("{}.{:03}Z", date_time(utc_tm(t), 'T', true), millis);
}

std::string format_i_ms(Millis t) {
  Millis seconds = t >= 0 ? t / 1000 : (t - 999) / 1000;
  return format_i(seconds, static_cast<int>(t - seconds * 1000));
}

std::string to_db_datetime(Seconds t) {
  return date_time(utc_tm(t + kStorageOffset), ' ', true);
}

std::optional<Seconds> from_db_datetime(std::string_view text) {
  // "YYYY-MM-DD HH:MM:SS", optionally followed by a fraction that is ignored.
  if (text.size() < 19) return std::nullopt;
  auto digits = [&](std::size_t pos, std::size_t n, int& out) {
    out = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      out = out * 10 + (text[i] - '0');
    }
    return true;
  };
  std::tm tm{};
  int year, month, day, hour, minute, second;
  if (!digits(0, 4, year) || text[4] != '-' || !digits(5, 2, month) || text[7] != '-' ||
      !digits(8, 2, day) || (text[10] != ' ' && text[10] != 'T') || !digits(11, 2, hour) ||
      text[13] != ':' || !digits(14, 2, minute) || text[16] != ':' || !digits(17, 2, second))
    return std::nullopt;
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return static_cast<Seconds>(timegm(&tm)) - kStorageOffset;
}

}  // namespace im
