// Reading values from a request's query string (the part after '?'), percent-decoded.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace im::host {

// Calls `visit(name, value)` for each '&'-separated pair of `query`, both as they are written
// (still percent-encoded); `value` is nullopt for a name without '='. Stops when `visit` returns
// false.
template <class Visit>
void for_each_query_pair(std::string_view query, Visit visit) {
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    auto eq = pair.find('=');
    std::optional<std::string_view> value;
    if (eq != std::string_view::npos) value = pair.substr(eq + 1);
    if (!visit(pair.substr(0, eq), value)) return;
  }
}

// The first value of `key` ("a=1&b=2"), '+' as space and %XX decoded; nullopt when absent.
// A key without '=' has the empty value. Malformed escapes are kept as they are.
std::optional<std::string> query_value(std::string_view query, std::string_view key);

// A decimal integer value with a default when absent; nullopt for a value that is not one,
// including a repeated key or `key[...]` (an array or object to the original's parser).
std::optional<std::int64_t> query_int(std::string_view query, std::string_view key,
                                      std::int64_t fallback);

// An optional integer value: nullopt when absent; `bad` is set when it is present but not one
// decimal integer.
std::optional<std::int64_t> optional_int(std::string_view query, std::string_view key, bool& bad);

}  // namespace im::host
