// The documentation facts a Route carries (routes.hpp) beyond its method, path, auth and
// permission: parameters, request body, the 200 body and the endpoint's own error replies
// (docs/contract/http-api.md 10). openapi/document.hpp turns a RouteTable into the OpenAPI document
// from these and from the routing facts; nothing is described twice.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "im/result.hpp"
#include "server/openapi/schema.hpp"

namespace im::host::openapi {

struct Param {
  std::string name{};
  std::string in = "query";  // "query" or "path"
  Schema schema{};
  std::string description{};
  bool required = false;
};

// One documented failure: the Error the endpoint answers with (its body is rendered by the
// same error_reply() the server uses) and when it happens.
struct ErrorDoc {
  Error error{};
  std::string when{};
};

struct RouteDoc {
  std::string description{};  // below the summary
  // Query parameters, and path parameters whose schema is not the default integer id.
  std::vector<Param> params{};
  // The request body: JSON or URL-encoded, or multipart/form-data on multipart routes.
  std::optional<Schema> body{};
  // The 200 body. success_type "" means an empty body without Content-Type (5.1).
  Schema success{};
  std::string success_type = "application/json";
  std::string success_description = "Success";
  // The endpoint's own failures. 400/413 of body parsing, 401 of authentication and 403 of the
  // permission check follow from the route and are added by the document builder.
  std::vector<ErrorDoc> errors{};
};

}  // namespace im::host::openapi
