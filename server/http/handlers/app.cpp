// A1 `GET /api/v1` (docs/contract/http-api.md 10).
#include "server/http/api.hpp"
#include "server/http/handlers/handlers.hpp"
#include "server/openapi/route_docs.hpp"

namespace im::host {

void add_app_routes(RouteTable& table) {
  table.add(Route{"GET", "/api/v1", false, std::nullopt,
                  [](RequestContext&) { return html("Hello World!"); }, "getHello", "",
                  "Liveness text", false, route_docs::get_hello()});
}

}  // namespace im::host
