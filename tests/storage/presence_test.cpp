// The presence setting and a user's friends with theirs (PresenceStore), and the group read marks
// the pushed read counts are computed from (ReceiptStore); docs/protocol-extensions.md "Presence",
// "Group read receipts".
#include "backends.hpp"
#include "fixtures.hpp"

using namespace im_test;

TEMPLATE_TEST_CASE("the presence setting is stored per user", "[storage][presence]",
                   IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  auto& presence = *store->presence;

  CHECK_FALSE(presence.presence_hidden(a.id).value());  // no row: shown
  REQUIRE(presence.set_presence_hidden(a.id, true).ok());
  CHECK(presence.presence_hidden(a.id).value());
  CHECK_FALSE(presence.presence_hidden(b.id).value());
  REQUIRE(presence.set_presence_hidden(a.id, true).ok());  // again: unchanged
  CHECK(presence.presence_hidden(a.id).value());
  REQUIRE(presence.set_presence_hidden(a.id, false).ok());
  CHECK_FALSE(presence.presence_hidden(a.id).value());
}

TEMPLATE_TEST_CASE("presence_friends: the friends in both directions with their settings",
                   "[storage][presence]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  auto c = add_user(*store, "13800000003");
  auto d = add_user(*store, "13800000004");
  make_friends(*store, a.id, b.id);  // a row (a, b)
  make_friends(*store, c.id, a.id);  // a row (c, a)
  REQUIRE(store->presence->set_presence_hidden(c.id, true).ok());
  REQUIRE(store->presence->set_presence_hidden(d.id, true).ok());  // not a friend

  auto friends = store->presence->presence_friends(a.id);
  REQUIRE(friends.ok());
  REQUIRE(friends->size() == 2);
  CHECK((*friends)[0].user_id == b.id);
  CHECK_FALSE((*friends)[0].hidden);
  CHECK((*friends)[1].user_id == c.id);
  CHECK((*friends)[1].hidden);

  auto of_b = store->presence->presence_friends(b.id);
  REQUIRE(of_b->size() == 1);
  CHECK((*of_b)[0].user_id == a.id);
  CHECK(store->presence->presence_friends(d.id)->empty());
}

TEMPLATE_TEST_CASE("a deleted user's presence setting goes with the user", "[storage][presence]",
                   IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  REQUIRE(store->presence->set_presence_hidden(a.id, true).ok());
  REQUIRE(store->users->delete_user(a.id).ok());
  CHECK_FALSE(store->presence->presence_hidden(a.id).value());
}

TEMPLATE_TEST_CASE("group_read_marks: the group receipts of current members", "[storage][receipts]",
                   IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  auto c = add_user(*store, "13800000003");
  auto outsider = add_user(*store, "13800000004");
  auto g = add_group(*store, a.id, {a.id, b.id, c.id});
  auto& messages = *store->messages;

  CHECK(store->receipts->group_read_marks(g.id)->empty());
  REQUIRE(messages.upsert_read(g.id, b.id, 7, kNow).ok());
  REQUIRE(messages.upsert_read(g.id, c.id, 5, kNow).ok());
  REQUIRE(messages.upsert_read(g.id, outsider.id, 9, kNow).ok());  // not a member: not counted
  REQUIRE(messages.upsert_read(b.id, c.id, 3, kNow).ok());         // a one-to-one receipt
  REQUIRE(messages.upsert_read(g.id, b.id, 8, kNow).ok());         // moves b's mark

  auto marks = store->receipts->group_read_marks(g.id);
  REQUIRE(marks.ok());
  std::vector<std::pair<im::UserId, im::MessageId>> got;
  for (const auto& m : *marks) got.emplace_back(m.reader, m.last_read);
  std::sort(got.begin(), got.end());
  CHECK(got == std::vector<std::pair<im::UserId, im::MessageId>>{{b.id, 8}, {c.id, 5}});
}
