// MessageSyncService (docs/protocol-extensions.md "Multi-device sync", "Recall and edit"): who
// may recall or edit what, the recall window, and the pushes to every party.
#include <catch2/catch.hpp>

#include "im/services/message_sync_service.hpp"
#include "im/sqlite_storage.hpp"

using namespace im;
using namespace std::chrono_literals;

namespace {

constexpr Seconds kStart = 1795720715;

class ManualClock final : public Clock {
 public:
  Millis now = kStart * 1000;
  Millis now_ms() const override { return now; }
};

class RecordingPusher final : public MessageChangePusher {
 public:
  struct Push {
    Message changed;
    std::vector<UserId> parties;
  };
  std::vector<Push> pushes;
  void push_change(const Message& changed, std::span<const UserId> parties) override {
    pushes.push_back({changed, {parties.begin(), parties.end()}});
  }
};

struct Fixture {
  Storage storage = make_sqlite_storage(":memory:").value();
  ManualClock clock;
  RecordingPusher pusher;
  MessageSyncService service{*storage.sync, *storage.groups, clock, 120s};
  UserContext a, b, c;
  GroupId group = 0;

  Fixture() {
    storage.database->migrate();
    a = user("13800000001");
    b = user("13800000002");
    c = user("13800000003");
    NewGroup g;
    g.name = "g";
    g.creator = b.id;
    g.members = {a.id, b.id, c.id};
    group = storage.groups->create_group(g, kStart).value().id;
    service.set_pusher(&pusher);
  }

  UserContext user(const std::string& account) {
    NewUser u;
    u.account = account;
    u.pwd_hash = "x";
    u.role_id = 1;
    u.now = kStart;
    UserContext ctx;
    ctx.id = storage.users->create_user(u).value().id;
    ctx.account = account;
    return ctx;
  }

  MessageId send(UserId sender, std::int64_t receiver, std::optional<GroupId> in_group = {},
                 std::string type = "text") {
    static int counter = 0;
    Message m;
    m.msg_id = "m" + std::to_string(counter++);
    m.type = std::move(type);
    m.sender = sender;
    m.group_id = in_group;
    m.receiver = in_group ? *in_group : receiver;
    m.content = "hello";
    m.timer = clock.now;
    const Message one[] = {m};
    return storage.messages->append_messages(one, clock.now_s()).value().front();
  }
};

}  // namespace

TEST_CASE("the sender recalls a one-to-one message within the window; both parties are told",
          "[sync]") {
  Fixture f;
  auto id = f.send(f.a.id, f.b.id);
  f.clock.now += 120'000;
  auto recalled = f.service.recall(f.a, id);
  REQUIRE(recalled);
  CHECK(recalled->state == MessageState::recalled);
  CHECK_FALSE(recalled->content.has_value());
  REQUIRE(f.pusher.pushes.size() == 1);
  CHECK(f.pusher.pushes[0].changed.id == id);
  CHECK(f.pusher.pushes[0].parties == std::vector<UserId>{f.a.id, f.b.id});
  // Again: the same answer, nothing pushed.
  auto again = f.service.recall(f.a, id);
  REQUIRE(again);
  CHECK(again->seq == recalled->seq);
  CHECK(f.pusher.pushes.size() == 1);
}

TEST_CASE("a recall after the window, or by the receiver, is forbidden", "[sync]") {
  Fixture f;
  auto id = f.send(f.a.id, f.b.id);
  CHECK(f.service.recall(f.b, id).error().status == 403);
  f.clock.now += 121'000;
  CHECK(f.service.recall(f.a, id).error().status == 403);
  // A stranger learns nothing about the message.
  CHECK(f.service.recall(f.c, id).error().status == 404);
  CHECK(f.service.recall(f.a, 987654).error().status == 404);
  CHECK(f.pusher.pushes.empty());
}

TEST_CASE("the group's creator recalls any message of the group at any time", "[sync]") {
  Fixture f;
  auto id = f.send(f.a.id, 0, f.group);
  f.clock.now += 3600'000;
  CHECK(f.service.recall(f.c, id).error().status == 403);  // a member, not the creator
  auto recalled = f.service.recall(f.b, id);
  REQUIRE(recalled);
  REQUIRE(f.pusher.pushes.size() == 1);
  CHECK(f.pusher.pushes[0].parties.size() == 3);
}

TEST_CASE("the sender edits a text message; others, recalled and non-text ones are refused",
          "[sync]") {
  Fixture f;
  auto id = f.send(f.a.id, f.b.id);
  CHECK(f.service.edit(f.b, id, "mine now").error().status == 403);
  CHECK(f.service.edit(f.a, id, "").error().status == 400);
  CHECK(f.service.edit(f.a, id, std::string("\xff")).error().status == 400);
  auto edited = f.service.edit(f.a, id, "hello, edited");
  REQUIRE(edited);
  CHECK(edited->state == MessageState::edited);
  CHECK(edited->content == "hello, edited");
  REQUIRE(f.pusher.pushes.size() == 1);

  auto image = f.send(f.a.id, f.b.id, std::nullopt, "image");
  CHECK(f.service.edit(f.a, image, "x").error().status == 400);
  REQUIRE(f.service.recall(f.a, id));
  CHECK(f.service.edit(f.a, id, "too late").error().status == 400);
}

TEST_CASE("sync answers the caller's changes after a seq and checks its page", "[sync]") {
  Fixture f;
  auto first = f.send(f.a.id, f.b.id);
  auto second = f.send(f.b.id, f.a.id);
  f.send(f.b.id, f.c.id);  // not a's
  REQUIRE(f.service.edit(f.a, first, "changed"));
  auto rows = f.service.changes(f.a, 0, 10);
  REQUIRE(rows);
  REQUIRE(rows->size() == 2);
  CHECK((*rows)[0].id == second);
  CHECK((*rows)[1].id == first);
  CHECK((*rows)[1].content == "changed");
  CHECK(f.service.changes(f.a, -1, 10).error().status == 400);
  CHECK(f.service.changes(f.a, 0, 0).error().status == 400);
  CHECK(f.service.changes(f.a, 0, MessageSyncService::kMaxLimit + 1).error().status == 400);
}
