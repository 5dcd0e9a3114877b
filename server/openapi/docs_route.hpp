// GET/HEAD /api/docs (Swagger UI), /api/docs-json, /api/docs-yaml and the Swagger UI files
// under /api/docs/ (docs/contract/http-api.md 11.2): public, not versioned, outside the route
// table.
#pragma once

#include <optional>

#include "server/config/host_config.hpp"
#include "server/http/api.hpp"
#include "server/http/reply.hpp"
#include "server/http/routes.hpp"

namespace im::host::openapi {

// The reply for a docs path, or nullopt when the request is not for one (then the normal
// pipeline runs). Unknown files under /api/docs/ get the 404 of docs/contract/http-api.md 5.4.
std::optional<Reply> serve_docs(const HostConfig& config, const RouteTable& routes,
                                const ApiRequest& request);

}  // namespace im::host::openapi
