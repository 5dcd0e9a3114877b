// Steps 3 to 7 of the request pipeline (docs/contract/http-api.md 2): route matching,
// authentication (8.2), the permission check (8.4) and the handler. Runs on a worker thread: the
// token store and the handlers may block. CORS and body parsing (steps 1 and 2) happen before, on
// the I/O side.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <boost/json/value.hpp>

#include "im/engine.hpp"
#include "im/user_context.hpp"
#include "server/config/host_config.hpp"
#include "server/http/reply.hpp"
#include "server/http/routes.hpp"
#include "server/upload/form_receiver.hpp"

namespace im::host {

// What the pipeline keeps of an HTTP request once its body is parsed.
struct ApiRequest {
  std::string method;  // as received ("GET")
  std::string target;  // the original URL, query included (for the 404 text)
  std::string path;    // target without the query string
  std::string query;   // without the '?'
  std::string authorization;
  std::string userid;
  std::string client_address;  // S9
  boost::json::value body = boost::json::object{};
  std::shared_ptr<upload::FormReceiver> form;  // multipart routes only, once received
};

// A request that passed route matching, authentication and the permission check.
struct Authorized {
  const Route* route = nullptr;
  PathParams params;
  std::optional<UserContext> user;
};

class RequestContext {
 public:
  RequestContext(Engine& engine, const HostConfig& config, const ApiRequest& request,
                 PathParams params, std::optional<UserContext> user)
      : engine_(engine),
        config_(config),
        request_(request),
        params_(std::move(params)),
        user_(std::move(user)) {}

  Engine& engine() { return engine_; }
  const HostConfig& config() const { return config_; }
  const ApiRequest& request() const { return request_; }
  const boost::json::value& body() const { return request_.body; }
  // The value of a `:name` path parameter ("" when absent).
  std::string_view param(std::string_view name) const;
  // The authenticated caller; only valid on routes that are not Public.
  const UserContext& caller() const { return *user_; }

 private:
  Engine& engine_;
  const HostConfig& config_;
  const ApiRequest& request_;
  PathParams params_;
  std::optional<UserContext> user_;
};

class Api {
 public:
  Api(Engine& engine, const HostConfig& config, RouteTable routes)
      : engine_(engine),
        config_(config),
        routes_(std::move(routes)),
        // The Redis token store is the one that goes over the network; the embedded one and a
        // store with fast reads never block a network thread.
        inline_fast_reads_(engine.storage().database->fast_reads() && config.redis.host.empty()) {}

  // Never throws: an exception from a handler becomes the generic 500 (5.3, S15).
  Reply handle(const ApiRequest& request);
  // Steps 3-5 alone (multipart uploads authenticate before their body is read), then step 7.
  std::variant<Authorized, Reply> authorize(const ApiRequest& request);
  Reply invoke(const ApiRequest& request, Authorized authorized);
  const RouteTable& routes() const { return routes_; }
  // The route of `method` `path`, null when none: the session reads its flags once
  // (Route::hashes_password, and serves_inline below).
  const Route* route_of(std::string_view method, std::string_view path) const {
    auto m = routes_.match(method, path);
    return m ? m->route : nullptr;
  }
  // True when `route` may run on the calling I/O thread: a fast-read route (Route::fast_read)
  // while storage and tokens are embedded.
  bool serves_inline(const Route* route) const {
    return inline_fast_reads_ && route && route->fast_read;
  }

 private:
  Engine& engine_;
  const HostConfig& config_;
  RouteTable routes_;
  bool inline_fast_reads_;
};

}  // namespace im::host
