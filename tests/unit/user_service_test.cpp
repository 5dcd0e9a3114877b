// UserService and PermissionService (docs/contract/http-api.md U1-U6, P1-P2; fixes S1, S2, S9, B10,
// B11, J11, J33) over small in-memory user and permission stores: the only ports they use.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <mutex>
#include <set>

#include "im/auth/password.hpp"
#include "im/services/permission_service.hpp"
#include "im/services/user_service.hpp"
#include "im/sqlite_storage.hpp"

using namespace im;
using namespace std::chrono_literals;

namespace {

class ManualClock final : public Clock {
 public:
  Millis now = 1795720715000;
  Millis now_ms() const override { return now; }
};

// Users, roles and permissions in memory.
class FakeUserStore final : public UserStore, public PermissionStore {
 public:
  std::map<UserId, User> users;
  std::map<std::int64_t, RoleInfo> roles;
  std::int64_t next_permission = 5;
  std::int64_t next_role = 6;
  UserId next_id = 10000;
  bool fail_reads = false;

  FakeUserStore() {
    Permission get{1, "userGet", "Get user info", 0, 0};
    Permission manage{3, "permManage", "Manage roles", 0, 0};
    roles[1] = RoleInfo{Role{1, "user", "Normal user", 0, 0}, {get}};
    roles[5] = RoleInfo{Role{5, "admin", "管理员", 0, 0}, {get, manage}};
  }

  StoreResult<User> create_user(const NewUser& n) override {
    for (const auto& [id, u] : users)
      if (u.account == n.account || (n.email && u.email == n.email))
        return StoreError{StoreErrc::conflict, "taken"};
    User u;
    u.id = next_id++;
    u.account = n.account;
    u.pwd_hash = n.pwd_hash;
    u.avatar = n.avatar;
    u.email = n.email;
    u.regis_time = u.update_time = n.now;
    u.role_id = n.role_id;
    users[u.id] = u;
    return u;
  }
  StoreResult<std::optional<User>> find_user(UserId id) override {
    if (fail_reads) return StoreError{StoreErrc::unavailable, "down"};
    auto it = users.find(id);
    if (it == users.end()) return std::optional<User>{};
    return std::optional<User>{it->second};
  }
  StoreResult<std::optional<User>> find_user_by_account(std::string_view account) override {
    if (fail_reads) return StoreError{StoreErrc::unavailable, "down"};
    for (const auto& [id, u] : users)
      if (u.account == account) return std::optional<User>{u};
    return std::optional<User>{};
  }
  StoreResult<std::vector<User>> find_users(std::span<const UserId> ids) override {
    std::vector<User> found;
    for (const auto& [id, u] : users)
      if (std::find(ids.begin(), ids.end(), id) != ids.end()) found.push_back(u);
    return found;
  }
  StoreResult<std::optional<User>> update_user(UserId id, const UserPatch& patch,
                                               Seconds now) override {
    auto it = users.find(id);
    if (it == users.end()) return std::optional<User>{};
    if (patch.email) it->second.email = *patch.email;
    if (patch.avatar) it->second.avatar = *patch.avatar;
    it->second.update_time = now;
    return std::optional<User>{it->second};
  }
  StoreResult<bool> delete_user(UserId id) override { return users.erase(id) == 1; }
  StoreResult<std::optional<RoleInfo>> role_info(std::int64_t role_id) override {
    auto it = roles.find(role_id);
    if (it == roles.end()) return std::optional<RoleInfo>{};
    return std::optional<RoleInfo>{it->second};
  }
  StoreResult<Permission> create_permission(std::string_view name,
                                            const std::optional<std::string>& desc,
                                            Seconds now) override {
    if (name == "userGet") return StoreError{StoreErrc::conflict, "dup"};
    return Permission{next_permission++, std::string(name), desc, now, now};
  }
  StoreResult<Role> create_role(std::string_view name, const std::optional<std::string>& desc,
                                std::span<const std::int64_t> ids, Seconds now) override {
    for (const auto& [id, r] : roles)
      if (r.role.name == name) return StoreError{StoreErrc::conflict, "dup"};
    for (auto id : ids)
      if (id != 1 && id != 3) return StoreError{StoreErrc::foreign_key, "perm"};
    Role role{next_role++, std::string(name), desc, now, now};
    roles[role.id] = RoleInfo{role, {}};
    return role;
  }
};

// The login's ban check (docs/operations.md "Admin API"): `banned` users are refused.
class FakeBans final : public AdminStore {
 public:
  std::set<UserId> banned;
  StoreResult<bool> add_ban(UserId user, UserId, Seconds) override {
    return banned.insert(user).second;
  }
  StoreResult<bool> remove_ban(UserId user) override { return banned.erase(user) > 0; }
  StoreResult<bool> is_banned(UserId user) override { return banned.contains(user); }
  StoreResult<bool> delete_message(MessageId) override { return false; }
  StoreResult<std::int64_t> append_audit(const AuditEntry&) override { return 0; }
  StoreResult<std::vector<AuditEntry>> list_audit(std::optional<std::int64_t>,
                                                  std::int64_t) override {
    return std::vector<AuditEntry>{};
  }
  StoreResult<std::int64_t> count_users() override { return 0; }
};

TextIn text(std::string v) {
  return TextIn{std::move(v), true};
}

struct Fixture {
  EngineConfig config;
  FakeUserStore store;
  FakeBans bans;
  std::shared_ptr<TokenStore> tokens = make_memory_token_store();
  std::shared_ptr<Cache> cache = make_memory_cache();
  ManualClock clock;
  AuthService auth{config, *tokens, clock};
  UserService users{config, store, store, *cache, clock, auth, bans};
  PermissionService permissions{store, clock};

  Fixture() {
    config.secret_key = "test-secret";
    config.bcrypt_cost = 4;  // keeps the tests quick; the cost is a configuration value
  }

  SignedIn register_user(const std::string& account, const std::string& pwd = "abc12345") {
    RegisterIn in;
    in.account = text(account);
    in.pwd = text(pwd);
    auto out = users.register_user(in);
    REQUIRE(out.result.ok());
    return out.result.value();
  }

  LoginOutcome login(const std::string& account, const std::string& pwd,
                     const std::string& address = "127.0.0.1") {
    LoginIn in;
    in.account = text(account);
    in.pwd = text(pwd);
    in.client_address = address;
    return users.login(in);
  }

  UserContext context_of(const SignedIn& s) {
    auto ctx = auth.authenticate(std::to_string(s.user.id), s.token, false);
    REQUIRE(ctx.ok());
    return ctx.value();
  }
};

}  // namespace

TEST_CASE("account and e-mail rules of U2", "[users]") {
  CHECK(UserService::valid_account("13800000001"));
  CHECK(UserService::valid_account("19999999999"));
  CHECK_FALSE(UserService::valid_account("12345"));
  CHECK_FALSE(UserService::valid_account("12800000001"));
  CHECK_FALSE(UserService::valid_account("1380000000a"));
  CHECK_FALSE(UserService::valid_account("138000000011"));
  CHECK(UserService::valid_email("a@example.com"));
  CHECK(UserService::valid_email("first.last+tag@sub.example.org"));
  CHECK_FALSE(UserService::valid_email("a@b"));
  CHECK_FALSE(UserService::valid_email("@example.com"));
  CHECK_FALSE(UserService::valid_email("a b@example.com"));
  CHECK_FALSE(UserService::valid_email("a..b@example.com"));
  CHECK_FALSE(UserService::valid_email("a@-x.com"));
  CHECK_FALSE(UserService::valid_email(""));
}

TEST_CASE("registration with {account, pwd} gets the default role (B11, S1)", "[users]") {
  Fixture f;
  auto s = f.register_user("13800000003");
  CHECK(s.user.id == 10000);
  CHECK(s.role.role.id == 1);
  CHECK(s.role.role.name == "user");
  CHECK(s.token.size() == 36);
  CHECK(s.user.pwd_hash.rfind("$2b$", 0) == 0);
  CHECK(auth::verify_password("abc12345", s.user.pwd_hash));
  CHECK(f.context_of(s).id == 10000);
}

TEST_CASE("registration errors in the spec's order", "[users]") {
  Fixture f;
  Error db{500, "Database error."};
  auto attempt = [&](RegisterIn in) { return f.users.register_user(in).result; };
  RegisterIn in;
  CHECK(attempt(in).error() == db);  // no account (J11)
  CHECK(attempt(in).error().code == Errc::invalid_argument);
  in.account = text("12345");
  in.pwd = text("abc12345");
  CHECK(attempt(in).error() == db);
  // The same wire reply; a program tells the account rule apart (issue 16 item 4).
  CHECK(attempt(in).error().code == Errc::invalid_account);
  CHECK_FALSE(attempt(in).error().detail.empty());
  in.account = TextIn{std::nullopt, false};  // a number, not a string
  CHECK(attempt(in).error() == db);
  in.account = text("13800000004");
  in.pwd = TextIn{};
  CHECK(attempt(in).error() == db);
  in.pwd = text("");
  CHECK(attempt(in).error() == db);
  in.pwd = text("abc12345");
  in.email = text("not-an-address");
  CHECK(attempt(in).error() == db);
  in.email = text("a@example.com");
  in.avatar = text(std::string(256, 'x'));
  CHECK(attempt(in).error() == db);
  in.avatar = text(std::string(255, 'x'));
  REQUIRE(attempt(in).ok());
  CHECK(f.store.users.size() == 1);
  // Duplicate account, then duplicate e-mail (J33): both 409.
  Error taken{409, "The account already exists."};
  CHECK(attempt(in).error() == taken);
  CHECK(attempt(in).error().code == Errc::conflict);
  in.account = text("13800000005");
  CHECK(attempt(in).error() == taken);
}

TEST_CASE("login: 404 for unknown accounts, 401 for bad input, success resets", "[users]") {
  Fixture f;
  f.register_user("13800000001");
  CHECK(f.login("13899999999", "abc12345").result.error() ==
        Error::not_found("No user found with account 13899999999"));
  CHECK(f.login("13800000001", "wrong999").result.error() == Error::unauthorized());
  CHECK(f.login("", "abc12345").result.error() == Error::unauthorized());
  LoginIn empty;
  CHECK(f.users.login(empty).result.error() == Error::unauthorized());
  auto ok = f.login("13800000001", "abc12345");
  REQUIRE(ok.result.ok());
  CHECK(ok.result.value().role.role.name == "user");
  // S9: a success resets the account's failures.
  CHECK(f.cache->recent_events("login_failures::13800000001", f.clock.now, 900'000ms)->empty());
}

TEST_CASE("login: a banned user is refused after the password check, with no token left",
          "[users][admin]") {
  Fixture f;
  f.register_user("13800000001");
  const UserId id = f.store.users.begin()->first;
  f.bans.banned.insert(id);
  CHECK(f.login("13800000001", "wrong999").result.error() == Error::unauthorized());
  const Error banned{403, "This account is banned."};
  auto refused = f.login("13800000001", "abc12345");
  CHECK(refused.result.error() == banned);
  CHECK(refused.result.error().code == Errc::forbidden);
  f.bans.banned.clear();
  CHECK(f.login("13800000001", "abc12345").result.ok());
}

TEST_CASE("login rate limits per account and per address (S9)", "[users][s9]") {
  Fixture f;
  f.register_user("13800000001");
  for (int i = 0; i < 5; ++i)
    CHECK(f.login("13800000001", "wrong999").result.error().status == 401);
  auto blocked = f.login("13800000001", "abc12345");
  REQUIRE_FALSE(blocked.result.ok());
  CHECK(blocked.result.error() == Error{429, "Too many login attempts, please try again later."});
  CHECK(blocked.retry_after_s > 0);
  CHECK(blocked.retry_after_s <= 900);

  // The account limit disabled: the correct password works at once.
  f.config.login_fail_limit_account = 0;
  CHECK(f.login("13800000001", "abc12345").result.ok());

  // Per address: unknown accounts count too (B10's 50 lookups stay 404 under the default 100).
  Fixture g;
  g.register_user("13800000001");
  for (int i = 0; i < 50; ++i)
    CHECK(g.login("139000000" + std::to_string(10 + i), "x", "10.0.0.1").result.error().status ==
          404);
  CHECK(g.login("13800000001", "abc12345", "10.0.0.1").result.ok());
  g.config.login_fail_limit_address = 3;
  CHECK(g.login("13800000001", "abc12345", "10.0.0.1").result.error().status == 429);
  CHECK(g.login("13800000001", "abc12345", "10.0.0.2").result.ok());
}

TEST_CASE("S9 counts failures in a sliding window, not one that starts at the first",
          "[users][s9]") {
  Fixture f;
  f.register_user("13800000001");
  const Millis t0 = f.clock.now;
  auto at = [&](int seconds) { f.clock.now = t0 + seconds * 1000LL; };
  CHECK(f.login("13800000001", "wrong999").result.error().status == 401);
  at(800);
  for (int i = 0; i < 4; ++i)
    CHECK(f.login("13800000001", "wrong999").result.error().status == 401);
  at(850);
  auto blocked = f.login("13800000001", "abc12345");
  CHECK(blocked.result.error().status == 429);
  CHECK(blocked.retry_after_s == 50);  // until the failure at t0 leaves the window
  at(901);
  // Four failures are still within the last 900 s: one more blocks again at once.
  CHECK(f.login("13800000001", "wrong999").result.error().status == 401);
  at(902);
  auto again = f.login("13800000001", "abc12345");
  CHECK(again.result.error().status == 429);
  CHECK(again.retry_after_s == 798);  // the failures at 800 s leave the window at 1700 s
  at(1700);
  CHECK(f.login("13800000001", "abc12345").result.ok());
}

TEST_CASE("update changes only the caller's e-mail and avatar (S1, S2)", "[users]") {
  Fixture f;
  auto a = f.register_user("13800000001");
  auto b = f.register_user("13800000002");
  auto ctx = f.context_of(a);

  UpdateUserIn in;
  CHECK(f.users.update(ctx, in).error() == Error::internal());  // userId missing
  in.user_id_present = true;
  in.user_id = b.user.id;
  in.email = std::optional<std::string>{"x@example.com"};
  CHECK(f.users.update(ctx, in).error() == Error::forbidden());
  CHECK_FALSE(f.store.users[b.user.id].email);

  REQUIRE(f.cache->set("/api/v1/users/10000", "{}", std::chrono::seconds(60)).ok());
  in.user_id = a.user.id;
  in.avatar = std::optional<std::string>{"http://127.0.0.1/a.png"};
  f.clock.now += 2000;
  auto updated = f.users.update(ctx, in);
  REQUIRE(updated.ok());
  CHECK(updated->email == "x@example.com");
  CHECK(updated->avatar == "http://127.0.0.1/a.png");
  CHECK(updated->update_time == a.user.update_time.value() + 2);
  CHECK_FALSE(f.cache->get("/api/v1/users/10000").value());  // U4 invalidates the cached GET

  in.email = std::optional<std::string>{};  // null clears
  in.avatar = std::nullopt;                 // absent keeps
  updated = f.users.update(ctx, in);
  REQUIRE(updated.ok());
  CHECK_FALSE(updated->email);
  CHECK(updated->avatar == "http://127.0.0.1/a.png");

  in.email = std::optional<std::string>{"bad"};
  CHECK(f.users.update(ctx, in).error() == Error::internal());
}

TEST_CASE("get, logout and delete", "[users]") {
  Fixture f;
  auto a = f.register_user("13800000001");
  CHECK(f.users.get("10000").ok());
  CHECK(f.users.get("99999").error() == Error::not_found("No user found with id 99999"));
  CHECK(f.users.get("abc").error() == Error::not_found("No user found with id abc"));
  f.store.fail_reads = true;
  CHECK(f.users.get("10000").error() == Error::internal());
  f.store.fail_reads = false;

  auto second = f.login("13800000001", "abc12345").result.value();
  auto ctx = f.context_of(a);
  CHECK(f.users.logout(ctx).value() == "Logout successed.");
  CHECK_FALSE(f.auth.authenticate("10000", a.token, false).ok());
  CHECK(f.auth.authenticate("10000", second.token, false).ok());  // other tokens stay

  auto ctx2 = f.context_of(second);
  REQUIRE(f.cache->set("/api/v1/users/10000", "{}", std::chrono::seconds(60)).ok());
  CHECK(f.users.remove(ctx2).value() == "Successfully.");
  CHECK_FALSE(f.auth.authenticate("10000", second.token, false).ok());  // S7: all revoked
  CHECK_FALSE(f.cache->get("/api/v1/users/10000").value());
  CHECK(f.users.remove(ctx2).error() == Error::not_found("No user found with id 10000"));
}

TEST_CASE("permission and role creation keep the original's failure replies", "[permissions]") {
  Fixture f;
  f.clock.now = 1795720352475;
  PermissionIn p;
  p.name = text("groupDel");
  p.desc = text("Delete group");
  auto created = f.permissions.create_permission(p);
  REQUIRE(created.ok());
  CHECK(created->permission.id == 5);
  CHECK(created->created_ms == 1795720352475);
  p.name = text("userGet");
  CHECK(f.permissions.create_permission(p).error() == Error{409, "The permission already exists."});
  p.name = TextIn{};
  CHECK(f.permissions.create_permission(p).error() == Error::internal());

  RoleIn r;
  r.name = text("vip");
  r.desc = text("VIP");
  r.permissions = {1};
  auto role = f.permissions.create_role(r);
  REQUIRE(role.ok());
  CHECK(role->id == 6);
  CHECK(f.permissions.create_role(r).error() == Error{409, "The role already exists."});
  r.name = text("vip2");
  r.permissions = {99999};
  CHECK(f.permissions.create_role(r).error() == Error::internal());
  r.permissions_valid = false;
  CHECK(f.permissions.create_role(r).error() == Error::internal());
}

TEST_CASE("registration and login over the SQLite adapter with its seeds", "[users][sqlite]") {
  EngineConfig config;
  config.secret_key = "test-secret";
  config.bcrypt_cost = 4;
  auto storage = make_sqlite_storage(":memory:").value();
  storage.database->migrate();
  auto tokens = make_memory_token_store();
  auto cache = make_memory_cache();
  ManualClock clock;
  AuthService auth{config, *tokens, clock};
  UserService users{config, *storage.users, *storage.permissions, *cache,
                    clock,  auth,           *storage.admin};

  RegisterIn in;
  in.account = text("13800000001");
  in.pwd = text("abc12345");
  auto reg = users.register_user(in);
  REQUIRE(reg.result.ok());
  CHECK(reg.result->user.id == 10000);
  CHECK(reg.result->role.role.name == "user");
  REQUIRE(reg.result->role.permissions.size() == 1);
  CHECK(reg.result->role.permissions[0].name == "userGet");
  CHECK(users.register_user(in).result.error().status == 409);

  LoginIn login;
  login.account = text("13800000001");
  login.pwd = text("abc12345");
  login.client_address = "127.0.0.1";
  auto out = users.login(login);
  REQUIRE(out.result.ok());
  CHECK(out.result->user.role_id == 1);
  CHECK(users.get("10000").ok());
}
