// Builds the OpenAPI 3.0 document of docs/contract/http-api.md 11.2 from the route table: every
// route with its operationId, tag, summary, security, parameters, request body and replies.
#pragma once

#include <cstdint>
#include <string>

#include <boost/json/object.hpp>

#include "server/http/routes.hpp"

namespace im::host::openapi {

// `port` is the port the server listens on (the servers list names it).
boost::json::object build_document(const RouteTable& routes, std::uint16_t port);

// "/api/v1/users/:id" -> "/api/v1/users/{id}".
std::string openapi_path(std::string_view pattern);

}  // namespace im::host::openapi
