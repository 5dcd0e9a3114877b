// Text rules shared by the services: lengths are counted in characters (code points), as the
// original's VARCHAR(255) columns did; invalid UTF-8 counts as invalid input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace im {

bool is_valid_utf8(std::string_view text);
// Number of code points, or nullopt for invalid UTF-8.
std::optional<std::size_t> utf8_length(std::string_view text);
// True when `text` is valid UTF-8 of at most `max` characters.
bool fits_chars(std::string_view text, std::size_t max);
// The first `max` characters of `text` (all of it when shorter), or nullopt for invalid UTF-8.
std::optional<std::string_view> utf8_prefix(std::string_view text, std::size_t max);
// A sort key that orders text like MariaDB's utf8mb4_general_ci (docs/contract/data-model.md 1.1)
// for ASCII and Latin-1 letters: case and accents do not count.
std::u32string general_ci_key(std::string_view text);
// A plain decimal integer ("10001", optionally with a leading '-') and nothing else.
std::optional<std::int64_t> parse_decimal(std::string_view text);

}  // namespace im
