// Schemas of the success envelopes of docs/contract/http-api.md 5.1: {"statusCode":200, "message"?,
// "data"?}.
#pragma once

#include <string_view>

#include "server/openapi/schema.hpp"

namespace im::host::openapi {

// {"statusCode":200,"message":<message>}
Schema ok_message(std::string_view message);
// {"statusCode":200,"message"?:<message>,"data":<data>}; no message key when `message` is empty.
Schema ok_data(Schema data, std::string_view message = {});
// The same, but `data` may be absent (a reply that keeps 200 when nothing was created, J5).
Schema ok_optional_data(Schema data, std::string_view message);
// {"statusCode":200,"count":<n>,"data":[<item>...]} (E1, E4)
Schema ok_count(Schema item);

}  // namespace im::host::openapi
