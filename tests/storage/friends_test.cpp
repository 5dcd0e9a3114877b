// Friendships and friend settings (docs/contract/data-model.md 2.5, 2.6; docs/contract/http-api.md
// F2-F6; B15, B16).
#include "backends.hpp"
#include "fixtures.hpp"

using namespace im_test;

TEMPLATE_TEST_CASE("accept_friend_request", "[storage][friends]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  CHECK_FALSE(store->friends->are_friends(a.id, b.id).value());

  SECTION("an open request becomes a friendship with two settings rows") {
    // Open means Initial, Received or Readed (F6: status <= 3).
    auto status =
        GENERATE(im::NotifyStatus::initial, im::NotifyStatus::received, im::NotifyStatus::readed);
    REQUIRE(store->notifies->create_notify(make_notify("req", b.id, a.id, 1, status)).ok());
    REQUIRE(store->friends->accept_friend_request("req", a.id, b.id, kNow + 5).ok());

    CHECK(store->friends->are_friends(a.id, b.id).value());
    CHECK(store->friends->are_friends(b.id, a.id).value());
    auto n = store->notifies->find_notify("req");
    REQUIRE(n.ok());
    CHECK((*n)->status == im::NotifyStatus::fulfilled);
    CHECK((*n)->updated_at == kNow + 5);

    for (auto [owner, other] : {std::pair{a.id, b.id}, std::pair{b.id, a.id}}) {
      auto s = store->friends->friend_setting(owner, other);
      REQUIRE(s.ok());
      REQUIRE(s->has_value());
      CHECK((*s)->user_id == owner);
      CHECK((*s)->friend_id == other);
      CHECK_FALSE((*s)->remark.has_value());
      CHECK_FALSE((*s)->astrolabe);
      CHECK_FALSE((*s)->block);
      CHECK((*s)->created_at == kNow + 5);
    }
    // The Friends row is (accepter, requester): the other user of the list entry is b.
    auto list = store->friends->list_friends(a.id);
    REQUIRE(list.ok());
    REQUIRE(list->size() == 1);
    CHECK((*list)[0].user.id == b.id);

    // A second accept of the same notify changes nothing.
    auto again = store->friends->accept_friend_request("req", a.id, b.id, kNow);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == im::StoreErrc::other);
    CHECK(store->friends->list_friends(a.id)->size() == 1);
  }
  SECTION("a closed or missing request changes nothing") {
    auto status = GENERATE(im::NotifyStatus::fulfilled, im::NotifyStatus::rejected);
    REQUIRE(store->notifies->create_notify(make_notify("req", b.id, a.id, 1, status)).ok());
    auto r = store->friends->accept_friend_request("req", a.id, b.id, kNow);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == im::StoreErrc::other);
    CHECK_FALSE(store->friends->are_friends(a.id, b.id).value());
    CHECK_FALSE(store->friends->friend_setting(a.id, b.id)->has_value());
    CHECK((*store->notifies->find_notify("req"))->status == status);

    auto missing = store->friends->accept_friend_request("nope", a.id, b.id, kNow);
    REQUIRE_FALSE(missing.ok());
    CHECK_FALSE(store->friends->are_friends(a.id, b.id).value());
  }
  SECTION("settings that already exist roll the whole acceptance back") {
    make_friends(*store, a.id, b.id);
    REQUIRE(store->notifies->create_notify(make_notify("req2", b.id, a.id)).ok());
    auto r = store->friends->accept_friend_request("req2", a.id, b.id, kNow);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == im::StoreErrc::conflict);
    CHECK((*store->notifies->find_notify("req2"))->status == im::NotifyStatus::initial);
    CHECK(store->friends->list_friends(a.id)->size() == 1);
  }
}

TEMPLATE_TEST_CASE("list_friends: order and the caller's own settings", "[storage][friends]",
                   IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  auto c = add_user(*store, "13800000003");
  auto d = add_user(*store, "13800000004");
  make_friends(*store, a.id, c.id);  // Friends(a, c)
  make_friends(*store, b.id, a.id);  // Friends(b, a): a is the requester here
  make_friends(*store, a.id, d.id);
  make_friends(*store, b.id, c.id);

  im::FriendSettingPatch mine;
  mine.remark = std::optional<std::string>("my note on b");
  REQUIRE(store->friends->update_friend_setting(a.id, b.id, mine, kNow).value());
  im::FriendSettingPatch theirs;
  theirs.remark = std::optional<std::string>("c's note on b");
  theirs.block = true;
  REQUIRE(store->friends->update_friend_setting(c.id, b.id, theirs, kNow).value());

  auto list = store->friends->list_friends(a.id);
  REQUIRE(list.ok());
  REQUIRE(list->size() == 3);
  CHECK((*list)[0].user.id == c.id);
  CHECK((*list)[1].user.id == b.id);
  CHECK((*list)[2].user.id == d.id);
  CHECK((*list)[0].friendship_id < (*list)[1].friendship_id);
  CHECK((*list)[1].friendship_id < (*list)[2].friendship_id);
  CHECK((*list)[1].user.account == "13800000002");
  // B15: the setting is a's own row for b, never c's row for b.
  for (const auto& e : *list) {
    REQUIRE(e.setting.has_value());
    CHECK(e.setting->user_id == a.id);
    CHECK(e.setting->friend_id == e.user.id);
  }
  CHECK((*list)[1].setting->remark == "my note on b");
  CHECK_FALSE((*list)[1].setting->block);

  auto lonely = add_user(*store, "13800000005");
  auto none = store->friends->list_friends(lonely.id);
  REQUIRE(none.ok());
  CHECK(none->empty());
}

TEMPLATE_TEST_CASE("update_friend_setting changes only the given keys", "[storage][friends]",
                   IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  make_friends(*store, a.id, b.id);

  im::FriendSettingPatch p1;
  p1.remark = std::optional<std::string>("buddy");
  p1.astrolabe = true;
  p1.block = true;
  REQUIRE(store->friends->update_friend_setting(a.id, b.id, p1, kNow + 1).value());
  auto s1 = store->friends->friend_setting(a.id, b.id).value().value();
  CHECK(s1.remark == "buddy");
  CHECK(s1.astrolabe);
  CHECK(s1.block);
  CHECK(s1.updated_at == kNow + 1);

  // False values are applied (B16); the absent remark stays.
  im::FriendSettingPatch p2;
  p2.block = false;
  REQUIRE(store->friends->update_friend_setting(a.id, b.id, p2, kNow + 2).value());
  auto s2 = store->friends->friend_setting(a.id, b.id).value().value();
  CHECK(s2.remark == "buddy");
  CHECK(s2.astrolabe);
  CHECK_FALSE(s2.block);
  CHECK(s2.updated_at == kNow + 2);

  // A present null clears the remark.
  im::FriendSettingPatch p3;
  p3.remark = std::optional<std::string>();
  p3.astrolabe = false;
  REQUIRE(store->friends->update_friend_setting(a.id, b.id, p3, kNow + 3).value());
  auto s3 = store->friends->friend_setting(a.id, b.id).value().value();
  CHECK_FALSE(s3.remark.has_value());
  CHECK_FALSE(s3.astrolabe);

  // The same values again still find the row (F3: 200 whether or not a value changed).
  CHECK(store->friends->update_friend_setting(a.id, b.id, p3, kNow + 3).value());
  // The other owner's row is untouched.
  auto other = store->friends->friend_setting(b.id, a.id).value().value();
  CHECK_FALSE(other.remark.has_value());
  CHECK_FALSE(other.block);

  auto c = add_user(*store, "13800000003");
  auto missing = store->friends->update_friend_setting(a.id, c.id, p1, kNow);
  REQUIRE(missing.ok());
  CHECK_FALSE(missing.value());
  auto no_row = store->friends->friend_setting(a.id, c.id);
  REQUIRE(no_row.ok());
  CHECK_FALSE(no_row->has_value());
}

TEMPLATE_TEST_CASE("delete_friendship", "[storage][friends]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  auto c = add_user(*store, "13800000003");
  make_friends(*store, a.id, b.id);
  make_friends(*store, c.id, a.id);

  SECTION("removes both directions and stores the notify, in one go") {
    auto del =
        make_notify("del-1", b.id, a.id, 77, im::NotifyStatus::initial, im::NotifyType::del_friend);
    REQUIRE(store->friends->delete_friendship(b.id, a.id, del).ok());
    CHECK_FALSE(store->friends->are_friends(a.id, b.id).value());
    CHECK_FALSE(store->friends->friend_setting(a.id, b.id)->has_value());
    CHECK_FALSE(store->friends->friend_setting(b.id, a.id)->has_value());
    auto n = store->notifies->find_notify("del-1");
    REQUIRE(n.ok());
    REQUIRE(n->has_value());
    CHECK((*n)->type == im::NotifyType::del_friend);
    CHECK((*n)->sender == b.id);
    CHECK((*n)->receiver == a.id);
    CHECK_FALSE((*n)->remark.has_value());
    // Other friendships stay.
    CHECK(store->friends->are_friends(a.id, c.id).value());
    CHECK(store->friends->list_friends(a.id)->size() == 1);
  }
  SECTION("a failing notify insert keeps the friendship") {
    REQUIRE(store->notifies->create_notify(make_notify("taken", c.id, a.id)).ok());
    auto del =
        make_notify("taken", b.id, a.id, 77, im::NotifyStatus::initial, im::NotifyType::del_friend);
    auto r = store->friends->delete_friendship(b.id, a.id, del);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == im::StoreErrc::conflict);
    CHECK(store->friends->are_friends(a.id, b.id).value());
    CHECK(store->friends->friend_setting(a.id, b.id)->has_value());
    CHECK(store->friends->friend_setting(b.id, a.id)->has_value());
  }
}
