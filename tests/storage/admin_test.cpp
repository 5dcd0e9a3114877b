// The admin API's storage (AdminStore; docs/operations.md "Admin API"): bans, deleting a message
// for everyone, the audit log and the user count.
#include "backends.hpp"
#include "fixtures.hpp"

using namespace im_test;

TEMPLATE_TEST_CASE("bans are added, checked and removed", "[storage][admin]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto admin = add_user(*store, "13800000001");
  auto a = add_user(*store, "13800000002");
  auto& bans = *store->admin;

  CHECK_FALSE(bans.is_banned(a.id).value());
  CHECK(bans.add_ban(a.id, admin.id, kNow).value());
  CHECK_FALSE(bans.add_ban(a.id, admin.id, kNow + 5).value());  // already banned
  CHECK(bans.is_banned(a.id).value());
  CHECK_FALSE(bans.is_banned(admin.id).value());
  CHECK(bans.remove_ban(a.id).value());
  CHECK_FALSE(bans.remove_ban(a.id).value());
  CHECK_FALSE(bans.is_banned(a.id).value());

  SECTION("a deleted user's ban goes with the user") {
    REQUIRE(bans.add_ban(a.id, admin.id, kNow).value());
    REQUIRE(store->users->delete_user(a.id).value());
    CHECK_FALSE(bans.is_banned(a.id).value());
  }
}

TEMPLATE_TEST_CASE("a message deleted for everyone leaves the offline pull and the export",
                   "[storage][admin]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  auto c = add_user(*store, "13800000003");
  auto g = add_group(*store, a.id, {a.id, b.id, c.id});
  const auto kept = send(*store, chat(a.id, b.id, 1000));
  const auto gone = send(*store, chat(a.id, b.id, 2000));
  const auto gone_in_group = send(*store, group_chat(a.id, g.id, 3000));

  CHECK(store->admin->delete_message(gone).value());
  CHECK(store->admin->delete_message(gone_in_group).value());
  CHECK_FALSE(store->admin->delete_message(gone).value());  // no such message any more

  auto page = store->messages->pending_messages(b.id, 0, 100);
  REQUIRE(page.ok());
  CHECK(ids_of(*page) == std::vector<im::MessageId>{kept});
  auto exported = store->messages->messages_of_user(a.id, 0, 100);
  REQUIRE(exported.ok());
  REQUIRE(exported->size() == 1);
  CHECK(exported->front().id == kept);
  // The deleted messages' pending deliveries went too: only `kept`'s record to b is left.
  auto recovered = store->messages->recover_pending_deliveries(kNow, kNow);
  REQUIRE(recovered.ok());
  CHECK(*recovered == 1);
}

TEMPLATE_TEST_CASE("the audit log pages newest first", "[storage][admin]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto& log = *store->admin;
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 5; ++i) {
    auto id = log.append_audit({0, 10000 + i, "user.ban", "user:" + std::to_string(20000 + i),
                                R"({"n":)" + std::to_string(i) + "}", kNow + i});
    REQUIRE(id.ok());
    ids.push_back(*id);
  }
  CHECK(std::is_sorted(ids.begin(), ids.end()));

  auto first = log.list_audit(std::nullopt, 2);
  REQUIRE(first.ok());
  REQUIRE(first->size() == 2);
  CHECK((*first)[0].id == ids[4]);
  CHECK((*first)[0].actor == 10004);
  CHECK((*first)[0].action == "user.ban");
  CHECK((*first)[0].target == "user:20004");
  CHECK((*first)[0].detail == R"({"n":4})");
  CHECK((*first)[0].created_at == kNow + 4);
  CHECK((*first)[1].id == ids[3]);

  auto rest = log.list_audit((*first)[1].id, 10);
  REQUIRE(rest.ok());
  REQUIRE(rest->size() == 3);
  CHECK((*rest)[0].id == ids[2]);
  CHECK((*rest)[2].id == ids[0]);
  CHECK(log.list_audit(ids[0], 10)->empty());
}

TEMPLATE_TEST_CASE("count_users counts every user", "[storage][admin]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  CHECK(store->admin->count_users().value() == 0);
  add_user(*store, "13800000001");
  add_user(*store, "13800000002");
  CHECK(store->admin->count_users().value() == 2);
}
