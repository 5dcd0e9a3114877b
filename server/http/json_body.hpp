// JSON request bodies as the original's body parser read them (docs/contract/http-api.md 4): strict
// (the top level must be an object or an array), an empty body counts as {}, and malformed input is
// reported with the JavaScript engine's wording ("Unexpected end of JSON input",
// "Expected property name or '}' in JSON at position 1", ...).
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include <boost/json/value.hpp>

namespace im::host {

struct JsonBodyError {
  std::string message;  // the parser message of the 400 reply
};

// Parses `text`; invalid UTF-8 is replaced by U+FFFD first, as a JavaScript server decodes it.
std::variant<boost::json::value, JsonBodyError> parse_json_body(std::string_view text);

// The JavaScript-style message for the first syntax error of `text`, or an empty string when
// `text` is valid JSON. Exposed for the unit tests.
std::string json_syntax_error(std::string_view text);

// Replaces invalid UTF-8 sequences by U+FFFD.
std::string repair_utf8(std::string_view text);

}  // namespace im::host
