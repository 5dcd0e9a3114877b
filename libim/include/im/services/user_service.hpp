// Users: login with rate limiting, registration, logout, deletion, profile update and lookup
// (docs/contract/http-api.md U1-U6; fixes S1, S2, S5, S7, S9, B10, B11, J11, J16, J33).
// Pure domain logic: the transport turns the results into the exact JSON of the spec.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "im/cache.hpp"
#include "im/clock.hpp"
#include "im/config.hpp"
#include "im/result.hpp"
#include "im/services/auth_service.hpp"
#include "im/storage/admin_store.hpp"
#include "im/storage/permission_store.hpp"
#include "im/storage/user_store.hpp"
#include "im/user_context.hpp"

namespace im {

// A string field of a request body: nullopt when absent or JSON null; `valid` is false when the
// value was present with another type (the transport does not coerce strings,
// docs/contract/http-api.md 2).
struct TextIn {
  std::optional<std::string> value;
  bool valid = true;
};

struct LoginIn {
  TextIn account;
  TextIn pwd;
  std::string client_address;  // TCP peer or trusted X-Forwarded-For (S9)
};

// The user, the role with its permissions and the new token (LoginData, docs/contract/http-api.md
// 7).
struct SignedIn {
  User user;
  RoleInfo role;
  std::string token;
};

struct LoginOutcome {
  Result<SignedIn> result;
  std::int64_t retry_after_s = 0;  // set with a 429 (S9)
};

struct RegisterIn {
  TextIn account;
  TextIn pwd;
  TextIn email;
  TextIn avatar;
  std::string client_address;
};

struct UpdateUserIn {
  bool user_id_present = false;
  std::optional<UserId> user_id;  // nullopt with user_id_present: not an integer
  Patch<std::string> email;       // absent / null / text
  Patch<std::string> avatar;
  bool type_error = false;  // email or avatar present with a non-string, non-null value
};

class UserService {
 public:
  // `bans`: a banned user's login is refused (docs/operations.md "Admin API").
  UserService(const EngineConfig& config, UserStore& users, PermissionStore& permissions,
              Cache& cache, Clock& clock, AuthService& auth, AdminStore& bans);

  // The cache key of a user's GET reply (U5); also removed by update and delete.
  static std::string cache_key(std::string_view id_text);

  LoginOutcome login(const LoginIn& in);                                   // U1
  LoginOutcome register_user(const RegisterIn& in);                        // U2
  Result<std::string> remove(const UserContext& caller);                   // U3
  Result<User> update(const UserContext& caller, const UpdateUserIn& in);  // U4
  Result<User> get(std::string_view id_text);                              // U5
  Result<std::string> logout(const UserContext& caller);                   // U6

  // The registration rules of U2 that need no storage, in the spec's order (true = acceptable).
  static bool valid_account(std::string_view account);
  static bool valid_email(std::string_view email);

 private:
  // S9: seconds to wait when the account or the address is over its limit, else 0.
  Result<std::int64_t> login_blocked_for(const std::optional<std::string>& account,
                                         const std::string& address);
  Result<void> count_login_failure(const std::string& account, const std::string& address);
  // Removes a cached GET reply (U5) after its user changed.
  Result<void> forget_cached_user(UserId id);
  static std::string account_failures_key(std::string_view account);
  static std::string address_failures_key(std::string_view address);

  const EngineConfig& config_;
  UserStore& users_;
  PermissionStore& permissions_;  // the role a login puts into the token
  Cache& cache_;
  Clock& clock_;
  AuthService& auth_;
  AdminStore& bans_;
};

}  // namespace im
