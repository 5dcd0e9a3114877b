// The ids a friend call hands back to the caller (issue 16 item 5): the notify the other party
// receives, alongside the reply text the host sends unchanged.
#include <catch2/catch.hpp>

#include <vector>

#include "im/services/friend_service.hpp"
#include "im/sqlite_storage.hpp"

using namespace im;

namespace {

struct RecordingPusher : NotifyPusher {
  std::vector<Notify> pushed;
  void push_notify(const Notify& notify, const UserContext&) override { pushed.push_back(notify); }
};

struct Fixture {
  std::shared_ptr<Storage> storage =
      std::make_shared<Storage>(make_sqlite_storage(":memory:").value());
  std::shared_ptr<Clock> clock = make_system_clock();
  RecordingPusher pusher;
  FriendService friends{
      *storage->friends, *storage->notifies, *storage->users, *storage->blocks, *clock, pusher};

  Fixture() { storage->database->migrate(); }
  UserContext user(const std::string& account) {
    NewUser u;
    u.account = account;
    u.pwd_hash = "$2b$10$x";
    auto created = storage->users->create_user(u);
    REQUIRE(created.ok());
    UserContext ctx;
    ctx.id = created->id;
    ctx.account = account;
    return ctx;
  }
};

}  // namespace

TEST_CASE("a friend request returns the notify id the receiver agrees with", "[friends]") {
  Fixture f;
  auto alice = f.user("13800000001");
  auto bob = f.user("13800000002");
  FriendRequestIn in;
  in.user_id = bob.id;
  auto asked = f.friends.request(alice, in);
  REQUIRE(asked.ok());
  CHECK(asked->message == "Seccessed, wait for the other party to agree.");
  REQUIRE(f.pusher.pushed.size() == 1);
  CHECK(asked->notify_id == f.pusher.pushed[0].id);
  CHECK(f.friends.agree(bob, asked->notify_id).ok());

  auto removed = f.friends.remove(alice, bob.id);
  REQUIRE(removed.ok());
  CHECK(removed->message == "Successfully deleted.");
  REQUIRE(f.pusher.pushed.size() == 3);  // the request, its agreement, the unfriend notice
  CHECK(removed->notify_id == f.pusher.pushed[2].id);
  CHECK(removed->notify_id != asked->notify_id);
}

TEST_CASE("a blocked user's friend request gets the reply of any refused request", "[friends]") {
  Fixture f;
  auto alice = f.user("13800000001");
  auto bob = f.user("13800000002");
  REQUIRE(f.storage->blocks->add_block(bob.id, alice.id, 1795720715).ok());
  FriendRequestIn in;
  in.user_id = bob.id;
  auto asked = f.friends.request(alice, in);
  REQUIRE_FALSE(asked.ok());
  CHECK(asked.error() == Error{500, "Database error."});  // as for existing friends (J1)
  CHECK(f.pusher.pushed.empty());
  auto pending = f.storage->notifies->pending_notifies(bob.id);
  REQUIRE(pending.ok());
  CHECK(pending->empty());

  // The other direction is not blocked: bob may still ask alice.
  FriendRequestIn back;
  back.user_id = alice.id;
  CHECK(f.friends.request(bob, back).ok());
}
