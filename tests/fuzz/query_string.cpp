// Query strings: query_value and query_int for a key taken from the input (up to the first
// newline; the rest is the query), and percent_decode in both modes. A value query_int accepts
// is the decimal reading of what query_value returns for the same key.
#include "server/http/query_string.hpp"
#include "im/text.hpp"
#include "server/http/percent_decode.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using im::fuzz::require;
  auto input = im::fuzz::as_text(data, size);
  auto newline = input.find('\n');
  auto key = input.substr(0, newline);
  auto query = newline == std::string_view::npos ? std::string_view{} : input.substr(newline + 1);

  auto value = im::host::query_value(query, key);
  constexpr std::int64_t kAbsent = -7;
  auto number = im::host::query_int(query, key, kAbsent);
  // Absent, the key gives the fallback, or nullopt when only `key[...]` forms are present.
  if (!value) require(!number || *number == kAbsent, "an absent key gives the fallback");
  if (value && number) require(im::parse_decimal(*value) == number, "query_int reads query_value");

  require(im::host::percent_decode(query, false).size() <= query.size(), "decoding never grows");
  require(im::host::percent_decode(query, true).size() <= query.size(), "decoding never grows");
  return 0;
}
