// Issues, checks and revokes tokens (docs/contract/data-model.md 4): the opaque UUID the client
// holds maps to an HS256 JWT in the token store, per user, with a sliding TTL on the whole hash.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "im/cache.hpp"
#include "im/clock.hpp"
#include "im/config.hpp"
#include "im/result.hpp"
#include "im/types.hpp"
#include "im/user_context.hpp"

namespace im {

struct IssuedToken {
  std::string token;  // UUID v4, what the client sends back in `authorization`
  std::string jwt;
  UserContext context;
};

class AuthService {
 public:
  AuthService(const EngineConfig& config, TokenStore& tokens, Clock& clock);

  // Builds the JWT payload (UserPublic fields, RoleInfo, iat, exp) and stores it under a new
  // token. At registration `avatar`/`email` keys appear only when given
  // (docs/contract/data-model.md 4.2). A token store that fails answers the generic 500, as below.
  Result<IssuedToken> issue(const User& user, const RoleInfo& role, bool registration);

  // docs/contract/http-api.md 8.2 / docs/contract/realtime.md 3.2: both headers present, the token
  // maps to a JWT that verifies. `refresh_ttl` resets the hash TTL (HTTP requests only). Failure:
  // 401; 500 when the token store cannot be reached.
  Result<UserContext> authenticate(std::string_view userid, std::string_view token,
                                   bool refresh_ttl);

  // Logout: removes one token (true when it existed). Listeners learn about it to end sockets
  // (S7).
  Result<bool> revoke(UserId user, std::string_view token);
  // User deletion: removes every token of the user.
  Result<void> revoke_all(UserId user);

  // Called after a revocation: (user, token) or (user, nullopt for all tokens).
  using RevocationListener = std::function<void(UserId, std::optional<std::string>)>;
  void on_revoked(RevocationListener listener) { revoked_ = std::move(listener); }

 private:
  const EngineConfig& config_;
  TokenStore& tokens_;
  Clock& clock_;
  RevocationListener revoked_;
};

}  // namespace im
