// Typing indicators (im::TypingService; docs/protocol-extensions.md "Typing") over the embedded
// storage: who gets them, the refusals (non-friend, blocked, not a member), the per-socket rate.
#include <catch2/catch.hpp>

#include "extension_fakes.hpp"
#include "im/hub.hpp"
#include "im/sqlite_storage.hpp"
#include "im/typing_service.hpp"
#include "im/wire/im_ext.pb.h"
#include "storage/fixtures.hpp"

using namespace std::chrono_literals;
using im_test::FeatureSession;

namespace {

const auto t0 = std::chrono::steady_clock::time_point{} + 1000h;

std::string typing_to(std::optional<im::UserId> to, std::optional<im::GroupId> group,
                      im::UserId claimed_sender = 0) {
  im::wire::ext::Typing t;
  if (claimed_sender) t.set_sender(claimed_sender);
  if (to) t.set_to(*to);
  if (group) t.set_groupid(*group);
  return t.SerializeAsString();
}

// The typing pushes a session got, as "sender>to" or "sender>g<group>".
std::vector<std::string> heard(const FeatureSession& s) {
  std::vector<std::string> out;
  for (const auto& [event, bytes] : s.events()) {
    REQUIRE(event == "on-typing");
    im::wire::ext::Typing t;
    REQUIRE(t.ParseFromString(bytes));
    out.push_back(std::to_string(t.sender()) + ">" +
                  (t.has_groupid() ? "g" + std::to_string(t.groupid()) : std::to_string(t.to())));
  }
  return out;
}

auto opted(im::UserId user) {
  return std::make_shared<FeatureSession>(user,
                                          std::initializer_list<im::Feature>{im::Feature::typing});
}

struct Fixture {
  im::Storage storage = im::make_sqlite_storage(":memory:").value();
  im::Hub hub;
  im::User a, b, c;
  std::unique_ptr<im::TypingService> typing;

  explicit Fixture(im::TypingService::Options options = {}) {
    storage.database->migrate();
    a = im_test::add_user(storage, "13800000001");
    b = im_test::add_user(storage, "13800000002");
    c = im_test::add_user(storage, "13800000003");
    im_test::make_friends(storage, a.id, b.id);
    typing = std::make_unique<im::TypingService>(
        im::TypingService::Stores{*storage.friends, *storage.blocks, *storage.groups}, hub,
        im_test::inline_executor(), options);
  }

  // A socket of `user` that opted in to typing, connected.
  std::shared_ptr<FeatureSession> join(im::UserId user) {
    auto session = opted(user);
    hub.add(session);
    return session;
  }
};

}  // namespace

TEST_CASE("typing reaches the friend's opted-in sockets with the socket's user as sender",
          "[typing]") {
  Fixture f;
  auto me = f.join(f.a.id);
  auto peer = f.join(f.b.id);
  auto peer_plain = std::make_shared<FeatureSession>(f.b.id);  // did not opt in
  f.hub.add(peer_plain);

  CHECK(f.typing->on_typing(me, typing_to(f.b.id, std::nullopt, /*claimed_sender=*/99), t0));
  const auto expected = std::to_string(f.a.id) + ">" + std::to_string(f.b.id);
  CHECK(heard(*peer) == std::vector<std::string>{expected});
  CHECK(peer_plain->events().empty());
  CHECK(me->events().empty());

  CHECK_FALSE(f.typing->on_typing(me, "\xff\xff", t0 + 1s));      // not a Typing: `exception`
  CHECK(f.typing->on_typing(me, typing_to(f.b.id, 3), t0 + 1s));  // both targets: dropped
  CHECK(f.typing->on_typing(me, typing_to(std::nullopt, std::nullopt), t0 + 1s));  // none
  CHECK(heard(*peer).size() == 1);
  f.typing->forget(*me);
}

TEST_CASE("typing to a non-friend or to a user who blocked the sender is dropped", "[typing]") {
  Fixture f;
  REQUIRE(f.storage.blocks->add_block(f.b.id, f.a.id, im_test::kNow).value());  // b blocked a
  auto me = f.join(f.a.id);
  auto peer = f.join(f.b.id);
  auto stranger = f.join(f.c.id);
  CHECK(f.typing->on_typing(me, typing_to(f.b.id, std::nullopt), t0));
  CHECK(f.typing->on_typing(me, typing_to(f.c.id, std::nullopt), t0 + 1s));
  CHECK(peer->events().empty());
  CHECK(stranger->events().empty());
  CHECK(me->events().empty());  // the sender learns nothing either way
  // The other way round is not blocked.
  CHECK(f.typing->on_typing(peer, typing_to(f.a.id, std::nullopt), t0));
  CHECK(heard(*me).size() == 1);
}

TEST_CASE("group typing reaches the other members, never a non-member's", "[typing]") {
  Fixture f;
  auto group = im_test::add_group(f.storage, f.a.id, {f.a.id, f.b.id});
  auto me = f.join(f.a.id);
  auto member = f.join(f.b.id);
  auto outsider = f.join(f.c.id);
  CHECK(f.typing->on_typing(me, typing_to(std::nullopt, group.id), t0));
  CHECK(heard(*member) ==
        std::vector<std::string>{std::to_string(f.a.id) + ">g" + std::to_string(group.id)});
  CHECK(me->events().empty());
  CHECK(f.typing->on_typing(outsider, typing_to(std::nullopt, group.id), t0));
  CHECK(heard(*member).size() == 1);
  CHECK(outsider->events().empty());
}

TEST_CASE("typing over the per-socket rate is dropped", "[typing]") {
  Fixture f({.per_second = 2, .burst = 3});
  auto me = opted(f.a.id);
  auto my_other_socket = opted(f.a.id);
  auto peer = f.join(f.b.id);
  for (int i = 0; i < 10; ++i) f.typing->on_typing(me, typing_to(f.b.id, std::nullopt), t0);
  CHECK(heard(*peer).size() == 3);                                            // the burst
  f.typing->on_typing(my_other_socket, typing_to(f.b.id, std::nullopt), t0);  // its own rate
  CHECK(heard(*peer).size() == 4);
  f.typing->on_typing(me, typing_to(f.b.id, std::nullopt), t0 + 500ms);  // 1/rate later
  CHECK(heard(*peer).size() == 5);
}
