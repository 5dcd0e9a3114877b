// The route table as data (docs/contract/http-api.md 9): method, path pattern, authentication and
// permission requirements, the handler, and the documentation facts (operationId, tag, summary)
// that the OpenAPI document is generated from. Matching follows docs/contract/http-api.md 1:
// case-insensitive literal segments, one trailing slash tolerated, `:name` matches one segment,
// first match wins (so
// `/groups/withMembers` is listed before `/groups/:id`).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/http/reply.hpp"
#include "server/openapi/route_doc.hpp"

namespace im::host {

class RequestContext;
using Handler = std::function<Reply(RequestContext&)>;

struct Route {
  std::string method;   // "GET", "POST", "PUT", "DELETE" (HEAD is served by GET routes)
  std::string pattern;  // "/api/v1/users/:id"
  bool auth = true;     // false: Public (8.3)
  std::optional<std::int64_t> permission;  // 8.4
  Handler handler;
  std::string operation_id;  // 11.2, the original's handler name
  std::string tag;           // "User", "Permission", ...
  std::string summary;
  // The body is multipart/form-data, streamed to disk after authentication (S14) instead of
  // being parsed as JSON; the handler finds it in ApiRequest::form.
  bool multipart = false;
  // Parameters, request body and replies for the OpenAPI document (server/openapi).
  openapi::RouteDoc doc{};
  // The handler hashes or verifies a password (bcrypt): it runs on the hashing executor, never
  // in front of other requests on the worker pool (HASH_THREADS, HASH_QUEUE).
  bool hashes_password = false;
  // The handler only reads, through the Storage calls marked "fast read": with an embedded
  // store and token store it runs on the I/O thread (Api::serves_inline), no hand-offs.
  bool fast_read = false;
};

using PathParams = std::vector<std::pair<std::string, std::string>>;

struct RouteMatch {
  const Route* route = nullptr;
  PathParams params;  // percent-decoded
};

// True when `path` matches `pattern`; fills `params`. Exposed for the unit tests.
bool match_pattern(std::string_view pattern, std::string_view path, PathParams& params);

class RouteTable {
 public:
  void add(Route route) { routes_.push_back(std::move(route)); }
  const std::vector<Route>& routes() const { return routes_; }

  // `path` is the request target without its query string.
  std::optional<RouteMatch> match(std::string_view method, std::string_view path) const;

 private:
  std::vector<Route> routes_;
};

}  // namespace im::host
