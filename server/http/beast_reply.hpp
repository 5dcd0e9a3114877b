// Turns a Reply into the Beast response that goes on the wire: CORS headers first (in the order
// of docs/contract/http-api.md 3), then Content-Type, the extra headers and Content-Length (5.5).
#pragma once

#include "server/http/cors.hpp"
#include "server/http/reply.hpp"
#include "server/http/socket_endpoint.hpp"

namespace im::host {

// `head`: the response to a HEAD request keeps its Content-Length but carries no body.
HttpResponse to_beast(Reply reply, const HeaderList& cors, unsigned version, bool keep_alive,
                      bool head = false);

// 204 to an OPTIONS request (docs/contract/http-api.md 3).
HttpResponse preflight_response(const HeaderList& cors, unsigned version, bool keep_alive);

}  // namespace im::host
