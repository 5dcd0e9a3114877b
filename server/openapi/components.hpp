// The shared objects of docs/contract/http-api.md 7 and the bodies several endpoints have in
// common, as named schemas (#/components/schemas/<name>), plus the three error shapes of 5.2.
#pragma once

#include "server/openapi/schema.hpp"

namespace im::host::openapi {

// Name -> schema, in a stable order.
boost::json::object shared_schemas();

// The names of the error shapes of docs/contract/http-api.md 5.2.
inline constexpr std::string_view kMessageError = "MessageError";  // E-msg
inline constexpr std::string_view kBareError = "BareError";        // E-bare
inline constexpr std::string_view kGenericError = "GenericError";  // E-500 (and the 413 limit)

}  // namespace im::host::openapi
