// Percent-decoding (RFC 3986 2.1) over Boost.URL, for every place that reads encoded text: query
// strings and URL-encoded form bodies ('+' as a space), path parameters, static file paths.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace im::host {

// %XX escapes decoded ('+' as a space too with `plus_as_space`); a '%' that starts no escape (not
// followed by two hex digits) is kept as it is: such text is read, not refused.
std::string percent_decode(std::string_view text, bool plus_as_space);

// nullopt when any '%' starts no escape; '+' stays '+'.
std::optional<std::string> strict_percent_decode(std::string_view text);

}  // namespace im::host
