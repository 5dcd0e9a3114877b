// application/x-www-form-urlencoded bodies (docs/contract/http-api.md 4): every value is a string;
// bracket keys build arrays (`members[]=1&members[]=2`) and nested objects (`a[b]=c`), repeated
// plain keys become arrays, as the original's extended parser did.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

namespace im::host {

boost::json::object parse_form_body(std::string_view text);

// Percent-decoding with '+' as space; invalid escapes are kept as written.
std::string form_decode(std::string_view text);

}  // namespace im::host
