#include <catch2/catch.hpp>

#include <boost/json/serialize.hpp>

#include "im/auth/jwt.hpp"
#include "im/base64.hpp"
#include "im/services/auth_service.hpp"

using namespace im;

namespace {

class ManualClock final : public Clock {
 public:
  Millis now = 1795720716000;
  Millis now_ms() const override { return now; }
};

struct Fixture {
  EngineConfig config;
  std::shared_ptr<TokenStore> tokens = make_memory_token_store();
  ManualClock clock;
  AuthService auth{config, *tokens, clock};
  User user;
  RoleInfo role;

  Fixture() {
    config.secret_key = "test-secret";
    user.id = 10000;
    user.account = "13800000001";
    user.regis_time = 1795720715;
    user.update_time = 1795720715;
    role.role.id = 5;
    role.role.name = "admin";
    role.role.desc = "管理员";
    role.permissions = {{1, "userGet", "Get user info", 0, 0}, {2, "userDel", "Delete user", 0, 0}};
  }
};

}  // namespace

TEST_CASE("login tokens carry the spec's payload layout", "[auth]") {
  Fixture f;
  auto issued = f.auth.issue(f.user, f.role, false).value();
  CHECK(issued.token.size() == 36);
  auto verified = auth::jwt_verify(issued.jwt, "test-secret", 1795720716);
  REQUIRE(verified.ok());
  CHECK(boost::json::serialize(*verified.payload) ==
        R"({"regisTime":"2026-11-26 19:18:35","updateTime":"2026-11-26 19:18:35","id":10000,)"
        R"("account":"13800000001","avatar":null,"email":null,"roleId":5,"roleName":"admin",)"
        R"("roleDesc":"管理员","permissions":[{"id":1,"name":"userGet","desc":"Get user info"},)"
        R"({"id":2,"name":"userDel","desc":"Delete user"}],"iat":1795720716,"exp":1795763916})");
  CHECK(f.tokens->get("10000", issued.token).value() == issued.jwt);
}

TEST_CASE("registration tokens omit avatar and email unless given", "[auth]") {
  Fixture f;
  auto issued = f.auth.issue(f.user, f.role, true).value();
  auto verified = auth::jwt_verify(issued.jwt, "test-secret", 1795720716);
  REQUIRE(verified.ok());
  CHECK_FALSE(verified.payload->contains("avatar"));
  CHECK_FALSE(verified.payload->contains("email"));
}

TEST_CASE("authenticate follows docs/contract/http-api.md 8.2", "[auth]") {
  Fixture f;
  auto issued = f.auth.issue(f.user, f.role, false).value();

  auto ok = f.auth.authenticate("10000", issued.token, true);
  REQUIRE(ok.ok());
  CHECK(ok->id == 10000);
  CHECK(ok->token == issued.token);
  CHECK(ok->has_permission(2));
  CHECK_FALSE(ok->has_permission(3));

  CHECK(f.auth.authenticate("", issued.token, true).error().status == 401);
  CHECK(f.auth.authenticate("10000", "", true).error().status == 401);
  CHECK(f.auth.authenticate("10001", issued.token, true).error().status == 401);
  CHECK(f.auth.authenticate("10000", "Bearer " + issued.token, true).error().status == 401);
  CHECK(f.auth.authenticate("10000", "00000000-0000-0000-0000-000000000000", true).error().status ==
        401);
}

TEST_CASE("a stored JWT past its exp is refused (B28)", "[auth]") {
  Fixture f;
  auto issued = f.auth.issue(f.user, f.role, false).value();
  f.clock.now += 43200 * 1000;
  CHECK(f.auth.authenticate("10000", issued.token, true).error().status == 401);
}

TEST_CASE("an alg:none JWT in the token hash is refused (S17)", "[auth]") {
  Fixture f;
  auto none = im::base64url_encode(R"({"alg":"none","typ":"JWT"})") + "." +
              im::base64url_encode(R"({"id":10000,"exp":4000000000})") + ".";
  REQUIRE(f.tokens->add("10000", "forged", none, std::chrono::seconds(100)).ok());
  CHECK(f.auth.authenticate("10000", "forged", true).error().status == 401);
}

TEST_CASE("revocation removes tokens and tells the listener (S7)", "[auth]") {
  Fixture f;
  std::vector<std::pair<UserId, std::optional<std::string>>> revoked;
  f.auth.on_revoked([&](UserId u, std::optional<std::string> t) { revoked.emplace_back(u, t); });
  auto t1 = f.auth.issue(f.user, f.role, false).value();
  auto t2 = f.auth.issue(f.user, f.role, false).value();
  CHECK(f.auth.revoke(10000, t1.token).value());
  CHECK_FALSE(f.auth.revoke(10000, t1.token).value());
  CHECK(f.auth.authenticate("10000", t1.token, true).error().status == 401);
  CHECK(f.auth.authenticate("10000", t2.token, true).ok());
  REQUIRE(f.auth.revoke_all(10000).ok());
  CHECK(f.auth.authenticate("10000", t2.token, true).error().status == 401);
  REQUIRE(revoked.size() == 2);
  CHECK(revoked[0].second == t1.token);
  CHECK_FALSE(revoked[1].second.has_value());
}

namespace {

// A token store whose every call fails, as the Redis one does while Redis is down.
class UnreachableTokenStore final : public TokenStore {
 public:
  static StoreError down() { return StoreError{StoreErrc::unavailable, "down"}; }
  StoreResult<Done> add(std::string_view, std::string_view, std::string_view,
                        std::chrono::seconds) override {
    return down();
  }
  StoreResult<std::optional<std::string>> get(std::string_view, std::string_view) override {
    return down();
  }
  StoreResult<Done> touch(std::string_view, std::chrono::seconds) override { return down(); }
  StoreResult<bool> remove(std::string_view, std::string_view) override { return down(); }
  StoreResult<Done> remove_all(std::string_view) override { return down(); }
  StoreResult<std::optional<std::int64_t>> ttl(std::string_view) override { return down(); }
};

}  // namespace

TEST_CASE("an unreachable token store answers 500, never an exception", "[auth]") {
  Fixture f;
  UnreachableTokenStore tokens;
  AuthService auth{f.config, tokens, f.clock};
  bool told = false;
  auth.on_revoked([&](UserId, std::optional<std::string>) { told = true; });
  CHECK(auth.issue(f.user, f.role, false).error() == Error::internal());
  CHECK(auth.authenticate("10000", "00000000-0000-4000-8000-000000000000", false).error() ==
        Error::internal());
  CHECK(auth.revoke(10000, "t").error() == Error::internal());
  CHECK(auth.revoke_all(10000).error() == Error::internal());
  CHECK_FALSE(told);  // nothing was revoked
}
