#include "server/adapters/mariadb/value.hpp"

#include <charconv>

#include "im/time_format.hpp"

namespace im::host::mariadb {

std::optional<std::int64_t> Row::opt_i64(std::size_t i) const {
  const auto& c = cols_.at(i);
  if (!c) return std::nullopt;
  std::int64_t v = 0;
  std::from_chars(c->data(), c->data() + c->size(), v);
  return v;
}

std::int64_t Row::i64(std::size_t i) const {
  return opt_i64(i).value_or(0);
}

std::optional<Seconds> Row::opt_time(std::size_t i) const {
  const auto& c = cols_.at(i);
  if (!c) return std::nullopt;
  // The binary protocol may add a fractional part for DATETIME(n); the column has whole seconds.
  return from_db_datetime(std::string_view(*c).substr(0, 19));
}

std::string repeated(std::string_view group, std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    if (i) s += ", ";
    s += group;
  }
  return s;
}

std::string placeholders(std::size_t n) {
  return repeated("?", n);
}

}  // namespace im::host::mariadb
