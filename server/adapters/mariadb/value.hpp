// Statement parameters and fetched rows. Every value that comes from a request travels as a
// bound parameter (never spliced into SQL text).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "im/types.hpp"

namespace im::host::mariadb {

struct Param {
  enum class Kind { null, integer, text };
  Kind kind = Kind::null;
  std::int64_t integer = 0;
  std::string_view text;

  Param(std::nullptr_t) {}
  Param(std::int64_t v) : kind(Kind::integer), integer(v) {}
  Param(int v) : kind(Kind::integer), integer(v) {}
  Param(bool v) : kind(Kind::integer), integer(v ? 1 : 0) {}
  Param(std::string_view v) : kind(Kind::text), text(v) {}
  Param(const std::string& v) : kind(Kind::text), text(v) {}
  Param(const char* v) : kind(Kind::text), text(v) {}
  Param(const std::optional<std::string>& v) {
    if (v) *this = Param(std::string_view(*v));
  }
  Param(const std::optional<std::int64_t>& v) {
    if (v) *this = Param(*v);
  }
};

using Params = std::vector<Param>;

// One result row; every column arrives as text (the client library converts numbers and
// DATETIME values), NULL as nullopt. The accessors are the ones the shared row readers use
// (im/storage/sql_rows.hpp).
class Row {
 public:
  explicit Row(std::vector<std::optional<std::string>> cols) : cols_(std::move(cols)) {}
  std::size_t size() const { return cols_.size(); }
  bool is_null(std::size_t i) const { return !cols_.at(i).has_value(); }
  std::int64_t i64(std::size_t i) const;  // NULL reads as 0
  std::optional<std::int64_t> opt_i64(std::size_t i) const;
  std::string text(std::size_t i) const { return cols_.at(i).value_or(std::string()); }
  const std::optional<std::string>& opt_text(std::size_t i) const { return cols_.at(i); }
  // DATETIME stored as UTC+08:00 wall clock (docs/contract/data-model.md 1.3) -> epoch seconds.
  std::optional<Seconds> opt_time(std::size_t i) const;

 private:
  std::vector<std::optional<std::string>> cols_;
};

using Rows = std::vector<Row>;

// Each row read by `read(row)` (e.g. a reader of im/storage/sql_rows.hpp).
template <class Read>
auto read_all(const Rows& rows, Read read) -> std::vector<decltype(read(rows.front()))> {
  std::vector<decltype(read(rows.front()))> out;
  out.reserve(rows.size());
  for (const Row& row : rows) out.push_back(read(row));
  return out;
}

// "?, ?, ?" for an IN list or a multi-row VALUES group of `n` placeholders.
std::string placeholders(std::size_t n);
// `group` `n` times, comma-separated: the rows of a multi-row VALUES, e.g. "(?, ?), (?, ?)".
std::string repeated(std::string_view group, std::size_t n);

}  // namespace im::host::mariadb
