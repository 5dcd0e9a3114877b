#include "im/services/auth_service.hpp"

#include <charconv>

#include "im/auth/jwt.hpp"
#include "im/auth/random.hpp"
#include "im/log_format.hpp"
#include "im/time_format.hpp"
#include "user_context_payload.hpp"

namespace im {
namespace {

boost::json::value nullable(const std::optional<std::string>& v) {
  if (v) return boost::json::value(*v);
  return nullptr;
}

boost::json::value nullable_time(const std::optional<Seconds>& t) {
  if (t) return boost::json::value(format_f(*t));
  return nullptr;
}

// A decimal user id with nothing else around it (the `userid` header).
bool is_decimal_id(std::string_view text) {
  if (text.empty() || text.size() > 19) return false;
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && ptr == text.data() + text.size() && value >= 0;
}

// A token store that cannot be reached (Redis down) fails the request with the generic 500.
Error token_store_failed(const StoreError& error) {
  log::error("token store: {}", error.detail);
  return Error::storage("token store: " + error.detail);
}

}  // namespace

AuthService::AuthService(const EngineConfig& config, TokenStore& tokens, Clock& clock)
    : config_(config), tokens_(tokens), clock_(clock) {}

Result<IssuedToken> AuthService::issue(const User& user, const RoleInfo& role, bool registration) {
  // docs/contract/data-model.md 4.2: UserPublic fields, then RoleInfo, then iat/exp.
  boost::json::object payload;
  payload["regisTime"] = nullable_time(user.regis_time);
  payload["updateTime"] = nullable_time(user.update_time);
  payload["id"] = user.id;
  payload["account"] = nullable(user.account);
  if (!registration || user.avatar) payload["avatar"] = nullable(user.avatar);
  if (!registration || user.email) payload["email"] = nullable(user.email);
  payload["roleId"] = role.role.id;
  payload["roleName"] = role.role.name;
  payload["roleDesc"] = nullable(role.role.desc);
  boost::json::array permissions;
  for (const auto& p : role.permissions) {
    boost::json::object perm;
    perm["id"] = p.id;
    perm["name"] = p.name;
    perm["desc"] = nullable(p.desc);
    permissions.push_back(std::move(perm));
  }
  payload["permissions"] = std::move(permissions);
  Seconds iat = clock_.now_s();
  payload["iat"] = iat;
  payload["exp"] = iat + config_.token_ttl.count();

  IssuedToken issued;
  issued.token = auth::uuid_v4();
  issued.jwt = auth::jwt_sign(payload, config_.secret_key);
  if (auto added =
          tokens_.add(std::to_string(user.id), issued.token, issued.jwt, config_.token_ttl);
      !added)
    return token_store_failed(added.error());
  issued.context = *user_context_from_payload(payload, issued.token);
  return issued;
}

Result<UserContext> AuthService::authenticate(std::string_view userid, std::string_view token,
                                              bool refresh_ttl) {
  // docs/contract/http-api.md 8.2 steps 1-4. The userid text is used verbatim in the key, so a
  // token presented with another user's id finds nothing.
  if (userid.empty() || token.empty() || !is_decimal_id(userid)) return Error::unauthorized();
  auto jwt = tokens_.get(userid, token);
  if (!jwt) return token_store_failed(jwt.error());
  if (!*jwt) return Error::unauthorized();
  auto verified = auth::jwt_verify(**jwt, config_.secret_key, clock_.now_s());
  if (!verified.ok()) return Error::unauthorized();
  auto ctx = user_context_from_payload(*verified.payload, std::string(token));
  if (!ctx || std::to_string(ctx->id) != userid) return Error::unauthorized();
  if (refresh_ttl) {
    if (auto touched = tokens_.touch(userid, config_.token_ttl); !touched)
      return token_store_failed(touched.error());
  }
  return std::move(*ctx);
}

Result<bool> AuthService::revoke(UserId user, std::string_view token) {
  auto removed = tokens_.remove(std::to_string(user), token);
  if (!removed) return token_store_failed(removed.error());
  if (*removed && revoked_) revoked_(user, std::string(token));
  return *removed;
}

Result<void> AuthService::revoke_all(UserId user) {
  if (auto removed = tokens_.remove_all(std::to_string(user)); !removed)
    return token_store_failed(removed.error());
  if (revoked_) revoked_(user, std::nullopt);
  return {};
}

}  // namespace im
