// Reading values from a request's query string (the part after '?'), percent-decoded.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace im::host {

// The first value of `key` ("a=1&b=2"), '+' as space and %XX decoded; nullopt when absent.
// A key without '=' has the empty value. Malformed escapes are kept as they are.
std::optional<std::string> query_value(std::string_view query, std::string_view key);

// A decimal integer value with a default when absent; nullopt for a value that is not one,
// including a repeated key or `key[...]` (an array or object to the original's parser).
std::optional<std::int64_t> query_int(std::string_view query, std::string_view key,
                                      std::int64_t fallback);

std::string percent_decode(std::string_view text, bool plus_as_space);

}  // namespace im::host
