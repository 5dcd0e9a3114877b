// A1 `GET /api/v1` (http-api.md 10).
#include "server/http/api.hpp"
#include "server/http/handlers/handlers.hpp"

namespace im::host {

void add_app_routes(RouteTable& table) {
  table.add(Route{"GET", "/api/v1", false, std::nullopt,
                  [](RequestContext&) { return html("Hello World!"); }, "getHello", "",
                  "Liveness text"});
}

}  // namespace im::host
