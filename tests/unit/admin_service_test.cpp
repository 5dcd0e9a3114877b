// AdminService (docs/operations.md "Admin API") on the embedded core: permission 3, sessions,
// bans with their effect on tokens, sessions and logins, the audit rows; and MessageRateMeter.
#include <catch2/catch.hpp>

#include "im/engine.hpp"
#include "im/message_rate_meter.hpp"
#include "im/realtime.hpp"
#include "im/sqlite_storage.hpp"

namespace {

struct DescribedSession : im::Session {
  im::UserContext ctx;
  im::SessionDescription description;
  bool closed = false;

  DescribedSession(im::UserId user, std::string token, std::string id, std::string transport) {
    ctx.id = user;
    ctx.token = std::move(token);
    description.id = std::move(id);
    description.transport = std::move(transport);
    description.address = "192.0.2.7";
    description.connected_at_ms = 1'700'000'000'000;
  }
  const im::UserContext& user() const override { return ctx; }
  void send(std::string_view, im::SharedBytes, AckCallback on_ack) override {
    if (on_ack) on_ack(im::AckReply{im::AckReply::Kind::closed, {}});
  }
  void close() override { closed = true; }
  im::SessionDescription describe() const override { return description; }
};

struct Core {
  std::unique_ptr<im::Engine> engine;
  std::unique_ptr<im::Realtime> realtime;

  Core() {
    im::EngineConfig config;
    config.secret_key = "s";
    config.bcrypt_cost = 4;
    engine =
        std::move(im::Engine::create(config, im::make_embedded_ports(":memory:").value()).value());
    realtime = std::make_unique<im::Realtime>(*engine, im::RealtimeOptions{});
  }
  ~Core() {
    realtime.reset();  // before the engine it is wired into
  }

  im::SignedIn registered(const std::string& account) {
    im::RegisterIn in;
    in.account.value = account;
    in.pwd.value = "abc12345";
    auto out = engine->users().register_user(in);
    REQUIRE(out.result.ok());
    return std::move(out.result).value();
  }

  im::LoginOutcome login(const std::string& account) {
    im::LoginIn in;
    in.account.value = account;
    in.pwd.value = "abc12345";
    in.client_address = "192.0.2.1";
    return engine->users().login(in);
  }

  im::AdminService& admin() { return *engine->admin(); }
};

im::UserContext admin_context(im::UserId id) {
  im::UserContext ctx;
  ctx.id = id;
  ctx.permission_ids = {3};
  return ctx;
}

std::vector<std::string> audit_actions(Core& core, const im::UserContext& admin) {
  auto rows = core.admin().audit(admin, std::nullopt, 200);
  REQUIRE(rows.ok());
  std::vector<std::string> actions;
  for (const auto& row : *rows) actions.push_back(row.action);
  return actions;
}

}  // namespace

TEST_CASE("the admin service is registered on the engine while the realtime core runs", "[admin]") {
  Core core;
  CHECK(core.engine->admin() != nullptr);
  core.realtime.reset();
  CHECK(core.engine->admin() == nullptr);
}

TEST_CASE("admin calls without permission 3 are the 403 of the permission routes", "[admin]") {
  Core core;
  auto u = core.registered("13800000001");
  im::UserContext plain;
  plain.id = u.user.id;
  plain.permission_ids = {1, 2, 4};
  auto& admin = core.admin();
  CHECK(admin.sessions(plain, u.user.id).error() == im::Error::forbidden());
  CHECK(admin.close_sessions(plain, u.user.id).error() == im::Error::forbidden());
  CHECK(admin.ban(plain, u.user.id).error() == im::Error::forbidden());
  CHECK(admin.unban(plain, u.user.id).error() == im::Error::forbidden());
  CHECK(admin.delete_message(plain, 1).error() == im::Error::forbidden());
  CHECK(admin.summary(plain).error() == im::Error::forbidden());
  CHECK(admin.audit(plain, std::nullopt, 10).error() == im::Error::forbidden());
  CHECK(audit_actions(core, admin_context(1)).empty());
}

TEST_CASE("sessions are described and closed one at a time or all together", "[admin]") {
  Core core;
  auto u = core.registered("13800000001");
  const auto admin = admin_context(9);
  auto ws = std::make_shared<DescribedSession>(u.user.id, u.token, "1", "websocket");
  auto polling = std::make_shared<DescribedSession>(u.user.id, u.token, "2", "polling");
  core.realtime->connect(ws);
  core.realtime->connect(polling);

  auto listed = core.admin().sessions(admin, u.user.id);
  REQUIRE(listed.ok());
  CHECK(listed->complete);
  REQUIRE(listed->sessions.size() == 2);
  CHECK(listed->sessions[0].id == "1");
  CHECK(listed->sessions[0].node == "local");
  CHECK(listed->sessions[0].transport == "websocket");
  CHECK(listed->sessions[0].address == "192.0.2.7");
  CHECK(listed->sessions[1].transport == "polling");

  CHECK(core.admin().close_session(admin, u.user.id, "local", "2").ok());
  CHECK(polling->closed);
  CHECK_FALSE(ws->closed);
  CHECK(core.admin().close_session(admin, u.user.id, "local", "7").error().status == 404);
  CHECK(core.admin().close_session(admin, u.user.id, "local", "").error().status == 400);
  CHECK(core.admin().sessions(admin, std::nullopt).error().status == 400);

  auto closed = core.admin().close_sessions(admin, u.user.id);
  REQUIRE(closed.ok());
  CHECK(*closed == 2);  // both still joined: the transport removes a session once it ended
  CHECK(ws->closed);
  CHECK(audit_actions(core, admin) ==
        std::vector<std::string>{"sessions.close", "session.close", "sessions.list"});
}

TEST_CASE("a ban revokes the tokens, closes the sessions and refuses logins", "[admin]") {
  Core core;
  auto u = core.registered("13800000001");
  auto boss = core.registered("13800000002");
  const auto admin = admin_context(boss.user.id);
  auto session = std::make_shared<DescribedSession>(u.user.id, u.token, "1", "websocket");
  core.realtime->connect(session);
  const auto id_text = std::to_string(u.user.id);

  REQUIRE(core.admin().ban(admin, u.user.id).ok());
  CHECK(session->closed);
  CHECK(core.engine->auth().authenticate(id_text, u.token, false).error().status == 401);
  auto refused = core.login("13800000001");
  REQUIRE_FALSE(refused.result.ok());
  const im::Error banned{403, "This account is banned."};
  CHECK(refused.result.error() == banned);
  // The refused login left no token behind.
  CHECK_FALSE(core.engine->tokens().ttl(id_text).value().has_value());

  CHECK(core.admin().ban(admin, boss.user.id).error().status == 400);  // not oneself
  CHECK(core.admin().ban(admin, 424242).error().status == 404);
  CHECK(core.admin().ban(admin, std::nullopt).error().status == 400);

  REQUIRE(core.admin().unban(admin, u.user.id).ok());
  CHECK(core.login("13800000001").result.ok());
  CHECK(core.admin().unban(admin, u.user.id).error().status == 404);

  auto rows = core.admin().audit(admin, std::nullopt, 10);
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 2);
  CHECK((*rows)[0].action == "user.unban");
  CHECK((*rows)[1].action == "user.ban");
  CHECK((*rows)[1].actor == boss.user.id);
  CHECK((*rows)[1].target == "user:" + id_text);
  CHECK((*rows)[1].detail == R"({"alreadyBanned":false})");
  CHECK(core.admin().audit(admin, std::nullopt, 0).error().status == 400);
  CHECK(core.admin().audit(admin, std::nullopt, 201).error().status == 400);
}

TEST_CASE("the summary counts users and this node's sessions", "[admin]") {
  Core core;
  auto u = core.registered("13800000001");
  core.registered("13800000002");
  core.realtime->connect(std::make_shared<DescribedSession>(u.user.id, u.token, "1", "polling"));
  core.realtime->connect(std::make_shared<DescribedSession>(u.user.id, u.token, "2", "polling"));
  auto s = core.admin().summary(admin_context(1));
  REQUIRE(s.ok());
  CHECK(s->users == 2);
  CHECK(s->online_users == 1);
  CHECK(s->sessions == 2);
  CHECK(s->node == "local");
  CHECK(s->nodes == 1);
  CHECK(s->complete);
  CHECK_FALSE(s->messages_per_minute);  // the first sample has nothing to compare with
}

TEST_CASE("MessageRateMeter: growth over the last minute", "[admin]") {
  im::MessageRateMeter meter;
  CHECK_FALSE(meter.sample(0, 100));
  CHECK_FALSE(meter.sample(4'000, 110));           // less than 5 s of history
  CHECK(meter.sample(30'000, 130).value() == 60);  // 30 in 30 s, scaled to a minute
  CHECK(meter.sample(60'000, 160).value() == 60);  // 60 since t=0
  // Past a minute the base moves up: 100 messages between t=30 s and t=90 s.
  CHECK(meter.sample(90'000, 230).value() == Approx(100));
  // A total that went down (a restart) is no rate.
  CHECK_FALSE(meter.sample(200'000, 5));
}
