#include "im/services/user_service.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "im/auth/password.hpp"
#include "im/log_format.hpp"
#include "im/text.hpp"

namespace im {
namespace {

// U2 answers every invalid registration with this text (docs/contract/http-api.md 12, lower-case
// "error").
Error database_error() {
  return Error{500, "Database error."};
}

Error too_many_logins() {
  return Error{429, "Too many login attempts, please try again later."};
}

// A cache that cannot be reached (Redis down) fails the request with the generic 500.
Error cache_failed(const StoreError& error) {
  log::error("cache: {}", error.detail);
  return Error::storage("cache: " + error.detail);
}

// U2's answer to every invalid registration, and what it was.
Error invalid_registration(std::string what) {
  return database_error().because(Errc::invalid_argument, std::move(what));
}

std::string no_user_with_id(std::string_view id_text) {
  return "No user found with id " + std::string(id_text);
}

bool fits_column(const std::optional<std::string>& v) {
  return !v || fits_chars(*v, 255);
}

bool is_ascii_alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

// Local part of an address: dot-separated atoms of the RFC 5322 atext characters; bytes of
// multi-byte UTF-8 sequences are accepted, as the original's validator allowed UTF-8 local parts.
bool valid_local_part(std::string_view local) {
  if (local.empty() || local.size() > 64) return false;
  if (local.front() == '.' || local.back() == '.') return false;
  constexpr std::string_view specials = "!#$%&'*+-/=?^_`{|}~";
  char previous = 0;
  for (char c : local) {
    if (c == '.' && previous == '.') return false;
    bool ok = c == '.' || is_ascii_alnum(c) || specials.find(c) != std::string_view::npos ||
              static_cast<unsigned char>(c) >= 0x80;
    if (!ok) return false;
    previous = c;
  }
  return true;
}

// Domain: at least two labels of letters, digits and inner hyphens; the last one (the TLD) is
// alphabetic with two or more characters, or an IDN "xn--" label.
bool valid_domain(std::string_view domain) {
  if (domain.empty() || domain.size() > 253) return false;
  std::vector<std::string_view> labels;
  std::size_t start = 0;
  while (true) {
    auto dot = domain.find('.', start);
    labels.push_back(domain.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (labels.size() < 2) return false;
  for (auto label : labels) {
    if (label.empty() || label.size() > 63) return false;
    if (label.front() == '-' || label.back() == '-') return false;
    for (char c : label)
      if (!(is_ascii_alnum(c) || c == '-' || static_cast<unsigned char>(c) >= 0x80)) return false;
  }
  auto tld = labels.back();
  if (tld.size() >= 4 && tld.substr(0, 4) == "xn--") return true;
  if (tld.size() < 2) return false;
  return std::all_of(tld.begin(), tld.end(), [](char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
  });
}

}  // namespace

UserService::UserService(const EngineConfig& config, UserStore& users, PermissionStore& permissions,
                         Cache& cache, Clock& clock, AuthService& auth, AdminStore& bans)
    : config_(config),
      users_(users),
      permissions_(permissions),
      cache_(cache),
      clock_(clock),
      auth_(auth),
      bans_(bans) {}

std::string UserService::cache_key(std::string_view id_text) {
  // docs/contract/http-api.md U5: a canonical key so that invalidation is exact.
  return "/api/v1/users/" + std::string(id_text);
}

bool UserService::valid_account(std::string_view account) {
  // ^1[3-9]\d{9}$
  if (account.size() != 11 || account[0] != '1' || account[1] < '3' || account[1] > '9')
    return false;
  return std::all_of(account.begin() + 2, account.end(),
                     [](char c) { return c >= '0' && c <= '9'; });
}

bool UserService::valid_email(std::string_view email) {
  if (email.size() > 254 || !is_valid_utf8(email)) return false;
  auto at = email.rfind('@');
  if (at == std::string_view::npos) return false;
  return valid_local_part(email.substr(0, at)) && valid_domain(email.substr(at + 1));
}

// ---- S9 rate limiting

// Failures are logged per account and per client address; a key is over its limit while
// `limit` failures lie within the last window (a sliding window: each failure counts for exactly
// LOGIN_FAIL_WINDOW_S seconds).
std::string UserService::account_failures_key(std::string_view account) {
  return "login_failures::" + std::string(account);
}
std::string UserService::address_failures_key(std::string_view address) {
  return "login_failures_ip::" + std::string(address);
}

Result<std::int64_t> UserService::login_blocked_for(const std::optional<std::string>& account,
                                                    const std::string& address) {
  const Millis now = clock_.now_ms();
  const std::chrono::milliseconds window{config_.login_fail_window_s * 1000};
  Millis wait_ms = 0;
  auto over = [&](const std::string& key, std::int64_t limit) -> Result<void> {
    if (limit <= 0) return {};
    auto times = cache_.recent_events(key, now, window);
    if (!times) return cache_failed(times.error());
    if (times->size() < static_cast<std::size_t>(limit)) return {};
    // Blocked until the oldest of the newest `limit` failures leaves the window.
    wait_ms = std::max(wait_ms, (*times)[times->size() - limit] + window.count() - now);
    return {};
  };
  if (account) {
    if (auto r = over(account_failures_key(*account), config_.login_fail_limit_account); !r)
      return r.error();
  }
  if (auto r = over(address_failures_key(address), config_.login_fail_limit_address); !r)
    return r.error();
  return wait_ms > 0 ? (wait_ms + 999) / 1000 : 0;  // whole seconds for Retry-After, at least 1
}

Result<void> UserService::count_login_failure(const std::string& account,
                                              const std::string& address) {
  const Millis now = clock_.now_ms();
  const std::chrono::milliseconds window{config_.login_fail_window_s * 1000};
  auto record = [&](const std::string& key, std::int64_t limit) -> Result<void> {
    if (limit <= 0) return {};
    auto r = cache_.record_event(key, now, window, static_cast<std::size_t>(limit));
    if (!r) return cache_failed(r.error());
    return {};
  };
  if (auto r = record(account_failures_key(account), config_.login_fail_limit_account); !r)
    return r;
  return record(address_failures_key(address), config_.login_fail_limit_address);
}

Result<void> UserService::forget_cached_user(UserId id) {
  if (auto r = cache_.del(cache_key(std::to_string(id))); !r) return cache_failed(r.error());
  return {};
}

// ---- U1

LoginOutcome UserService::login(const LoginIn& in) {
  // Non-string values count as missing (step 2 answers 401 for them).
  std::optional<std::string> account = in.account.valid ? in.account.value : std::nullopt;
  std::optional<std::string> pwd = in.pwd.valid ? in.pwd.value : std::nullopt;

  auto wait = login_blocked_for(account, in.client_address);
  if (!wait) return {wait.error()};
  if (*wait > 0) return {too_many_logins(), *wait};
  if (!account || account->empty() || !pwd || pwd->empty()) return {Error::unauthorized()};

  auto found = users_.find_user_by_account(*account);
  if (!found) {
    log::error("login lookup failed: {}", found.error().detail);
    return {Error::storage(found.error().detail)};
  }
  if (!found.value()) {
    if (auto counted = count_login_failure(*account, in.client_address); !counted)
      return {counted.error()};
    return {Error::not_found("No user found with account " + *account)};
  }
  User user = std::move(*found.value());
  // S16: the caller runs this on a worker thread; bcrypt is slow on purpose.
  if (!auth::verify_password(*pwd, user.pwd_hash)) {
    if (auto counted = count_login_failure(*account, in.client_address); !counted)
      return {counted.error()};
    return {Error::unauthorized()};
  }
  // S9: a success resets the account's failures.
  if (auto reset = cache_.del(account_failures_key(*account)); !reset)
    return {cache_failed(reset.error())};

  if (!user.role_id) return {Error::internal().because(Errc::internal, "the user has no role")};
  auto role = permissions_.role_info(*user.role_id);
  if (!role) return {Error::storage(role.error().detail)};
  if (!role.value()) return {Error::internal().because(Errc::internal, "the user's role is gone")};
  auto issued = auth_.issue(user, *role.value(), /*registration=*/false);
  if (!issued) return {issued.error()};
  // Checked after the token exists: a ban stored meanwhile has either been seen here or revoked
  // this token with all the others (AdminService::ban), so no banned user keeps a token.
  auto banned = bans_.is_banned(user.id);
  if (!banned || banned.value()) {
    if (auto revoked = auth_.revoke(user.id, issued->token); !revoked) return {revoked.error()};
    if (!banned) return {Error::storage(banned.error().detail)};
    return {Error{403, "This account is banned."}.because(Errc::forbidden, "the user is banned")};
  }
  return {SignedIn{std::move(user), std::move(*role.value()), std::move(issued->token)}};
}

// ---- U2

LoginOutcome UserService::register_user(const RegisterIn& in) {
  if (config_.register_limit_address > 0) {
    auto key = "register_ip::" + in.client_address;
    auto count = cache_.increment(key, std::chrono::seconds{3600});
    if (!count) return {cache_failed(count.error())};
    if (*count > config_.register_limit_address) {
      auto ttl = cache_.ttl(key);
      if (!ttl) return {cache_failed(ttl.error())};
      return {Error{429, "Too many registrations, please try again later."}, ttl->value_or(3600)};
    }
  }
  // The checks of U2 in the spec's order; every one answers 500 "Database error." (J11).
  if (!in.account.valid || !in.account.value)
    return {invalid_registration("account is missing or not a string")};
  if (!valid_account(*in.account.value))
    return {database_error().because(Errc::invalid_account,
                                     "the account does not match the account rule")};
  if (!in.pwd.valid || !in.pwd.value || in.pwd.value->empty())
    return {invalid_registration("pwd is missing, empty or not a string")};
  if (!in.email.valid || !in.avatar.valid)
    return {invalid_registration("email or avatar is not a string")};
  if (in.email.value && !valid_email(*in.email.value))
    return {invalid_registration("email is not an e-mail address")};
  if (!fits_column(in.avatar.value) || !fits_column(in.email.value))
    return {invalid_registration("email or avatar is longer than 255 characters")};

  // S1: only account, pwd, email and avatar are taken from the request; B11: default role.
  NewUser row;
  row.account = *in.account.value;
  auto hashed = auth::hash_password(*in.pwd.value, config_.bcrypt_cost);
  if (!hashed) return {database_error().because(Errc::internal, "bcrypt hashing failed")};
  row.pwd_hash = std::move(*hashed);
  row.email = in.email.value;
  row.avatar = in.avatar.value;
  row.role_id = config_.default_role_id;
  row.now = clock_.now_s();

  auto created = users_.create_user(row);
  if (!created) {
    // J33: a duplicate e-mail answers like a duplicate account.
    if (created.error().code == StoreErrc::conflict)
      return {Error{409, "The account already exists."}};
    log::error("registration failed: {}", created.error().detail);
    return {database_error().because(Errc::storage, created.error().detail)};
  }
  User user = std::move(created.value());
  auto role = permissions_.role_info(row.role_id);
  if (!role || !role.value()) {
    // "If any step fails, no user row remains."
    log::error("registration: role {} not found; removing user {}", row.role_id, user.id);
    (void)users_.delete_user(user.id);
    return {database_error().because(Errc::internal, "the default role does not exist")};
  }
  auto issued = auth_.issue(user, *role.value(), /*registration=*/true);
  if (!issued) return {issued.error()};
  return {SignedIn{std::move(user), std::move(*role.value()), std::move(issued->token)}};
}

// ---- U3

Result<std::string> UserService::remove(const UserContext& caller) {
  auto deleted = users_.delete_user(caller.id);
  if (!deleted) {
    // J13: still referenced rows keep the user; the reply is the generic 500.
    log::warn("delete user {} failed: {}", caller.id, deleted.error().detail);
    return Error::storage(deleted.error().detail);
  }
  if (!deleted.value()) return Error::not_found(no_user_with_id(std::to_string(caller.id)));
  // S7: every token; listeners close the sockets.
  if (auto revoked = auth_.revoke_all(caller.id); !revoked) return revoked.error();
  if (auto forgotten = forget_cached_user(caller.id); !forgotten) return forgotten.error();
  return std::string("Successfully.");
}

// ---- U4

Result<User> UserService::update(const UserContext& caller, const UpdateUserIn& in) {
  // The original answers invalid input here with the generic 500.
  if (!in.user_id_present || !in.user_id)
    return Error::internal().because(Errc::invalid_argument, "userId is missing");
  if (*in.user_id != caller.id) return Error::forbidden();  // S2
  if (in.type_error)
    return Error::internal().because(Errc::invalid_argument, "a field has the wrong type");
  auto invalid_text = [](const Patch<std::string>& p, bool email) {
    if (!p || !*p) return false;
    if (!fits_chars(**p, 255)) return true;
    return email && !valid_email(**p);
  };
  if (invalid_text(in.email, true) || invalid_text(in.avatar, false))
    return Error::internal().because(Errc::invalid_argument, "email or avatar is invalid");

  UserPatch patch;  // S1: e-mail and avatar only
  patch.email = in.email;
  patch.avatar = in.avatar;
  auto updated = users_.update_user(*in.user_id, patch, clock_.now_s());
  if (!updated) {
    log::warn("update user {} failed: {}", *in.user_id, updated.error().detail);
    return Error::storage(updated.error().detail);
  }
  if (!updated.value()) return Error::not_found(no_user_with_id(std::to_string(*in.user_id)));
  if (auto forgotten = forget_cached_user(*in.user_id); !forgotten) return forgotten.error();
  return std::move(*updated.value());
}

// ---- U5

Result<User> UserService::get(std::string_view id_text) {
  auto id = parse_decimal(id_text);
  if (!id) return Error::not_found(no_user_with_id(id_text));
  auto found = users_.find_user(*id);
  if (!found) {
    log::error("find user {} failed: {}", *id, found.error().detail);
    return Error::storage(found.error().detail);
  }
  if (!found.value()) return Error::not_found(no_user_with_id(id_text));
  return std::move(*found.value());
}

// ---- U6

Result<std::string> UserService::logout(const UserContext& caller) {
  // S7: the revocation listener closes the sockets that used this token.
  if (auto revoked = auth_.revoke(caller.id, caller.token); !revoked) return revoked.error();
  return std::string("Logout successed.");
}

}  // namespace im
