#include "server/http/api.hpp"

#include <exception>

#include "im/log.hpp"
#include "server/openapi/docs_route.hpp"
#include "server/static/uploads_route.hpp"

namespace im::host {

std::string_view RequestContext::param(std::string_view name) const {
  for (const auto& [key, value] : params_)
    if (key == name) return value;
  return {};
}

std::variant<Authorized, Reply> Api::authorize(const ApiRequest& request) {
  auto match = routes_.match(request.method, request.path);
  if (!match) return route_not_found(request.method, request.target);  // 5.4
  Authorized authorized{match->route, std::move(match->params), std::nullopt};
  if (!authorized.route->auth) return authorized;
  // 8.2: both headers, the token in the user's hash, a valid JWT; the TTL slides. A token store
  // that cannot be reached answers 500.
  auto user = engine_.auth().authenticate(request.userid, request.authorization, true);
  if (!user) return error_reply(user.error());
  // 8.4: the permission ids of the caller's token snapshot.
  const auto& permission = authorized.route->permission;
  if (permission && !user->has_permission(*permission)) return error_reply(Error::forbidden());
  authorized.user = std::move(user.value());
  return authorized;
}

Reply Api::invoke(const ApiRequest& request, Authorized authorized) {
  try {
    RequestContext ctx(engine_, config_, request, std::move(authorized.params),
                       std::move(authorized.user));
    return authorized.route->handler(ctx);
  } catch (const std::exception& e) {
    log::error("{} {} failed: {}", request.method, request.path, e.what());
  } catch (...) {
    log::error("{} {} failed with an unknown exception", request.method, request.path);
  }
  return error_reply(Error::internal());
}

Reply Api::handle(const ApiRequest& request) {
  try {
    if (auto file = serve_uploads(config_, request)) return std::move(*file);
    if (auto docs = openapi::serve_docs(config_, routes_, request)) return std::move(*docs);
    auto authorized = authorize(request);
    if (auto* reply = std::get_if<Reply>(&authorized)) return std::move(*reply);
    return invoke(request, std::move(std::get<Authorized>(authorized)));
  } catch (const std::exception& e) {
    log::error("{} {} failed: {}", request.method, request.path, e.what());
  }
  return error_reply(Error::internal());
}

}  // namespace im::host
