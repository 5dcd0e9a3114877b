#include "server/http/api.hpp"

#include <exception>

#include "im/log.hpp"

namespace im::host {

std::string_view RequestContext::param(std::string_view name) const {
  for (const auto& [key, value] : params_)
    if (key == name) return value;
  return {};
}

Reply Api::handle(const ApiRequest& request) {
  try {
    auto match = routes_.match(request.method, request.path);
    if (!match) return route_not_found(request.method, request.target);  // 5.4
    const Route& route = *match->route;

    std::optional<UserContext> user;
    if (route.auth) {
      // 8.2: both headers, the token in the user's hash, a valid JWT; the TTL slides.
      auto authenticated = engine_.auth().authenticate(request.userid, request.authorization, true);
      if (!authenticated) return error_reply(authenticated.error());
      user = std::move(authenticated.value());
      // 8.4: the permission ids of the caller's token snapshot.
      if (route.permission && !user->has_permission(*route.permission))
        return error_reply(Error::forbidden());
    }
    RequestContext ctx(engine_, config_, request, std::move(match->params), std::move(user));
    return route.handler(ctx);
  } catch (const std::exception& e) {
    log::error("{} {} failed: {}", request.method, request.path, e.what());
  } catch (...) {
    log::error("{} {} failed with an unknown exception", request.method, request.path);
  }
  return error_reply(Error::internal());
}

}  // namespace im::host
