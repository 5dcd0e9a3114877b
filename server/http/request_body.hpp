// Step 2 of the pipeline (docs/contract/http-api.md 2 and 4): which bodies are parsed and how their
// errors are answered. JSON and URL-encoded bodies are parsed; every other content type counts as
// empty.
#pragma once

#include <cstddef>
#include <string_view>
#include <variant>

#include <boost/json/value.hpp>

#include "server/http/reply.hpp"

namespace im::host {

enum class BodyKind { none, json, form };

inline constexpr std::size_t api_body_limit = 102400;  // 100 kb (docs/contract/http-api.md 4)

// From the Content-Type header value (media type compared without parameters, any case).
BodyKind body_kind(std::string_view content_type);

// The parsed body (an object or an array; {} when empty or not parsed) or the 400 reply.
std::variant<boost::json::value, Reply> parse_request_body(BodyKind kind, std::string_view body);

}  // namespace im::host
