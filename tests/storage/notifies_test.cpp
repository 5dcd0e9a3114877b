// Notifies (docs/contract/data-model.md 2.12; docs/contract/http-api.md E1-E3, B17).
#include "backends.hpp"
#include "fixtures.hpp"

using namespace im_test;

TEMPLATE_TEST_CASE("create and find notifies", "[storage][notifies]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");

  auto n = make_notify("ccdbc5ee-9539-4bcd-bb67-20568092525e", a.id, b.id, 1795720717288);
  n.remark = "hi B 😀";
  n.ext = "no ext";
  REQUIRE(store->notifies->create_notify(n).ok());
  auto found = store->notifies->find_notify(n.id);
  REQUIRE(found.ok());
  REQUIRE(found->has_value());
  const im::Notify& f = **found;
  CHECK(f.id == n.id);
  CHECK(f.type == im::NotifyType::add_friend);
  CHECK(f.sender == a.id);
  CHECK(f.receiver == b.id);
  CHECK(f.status == im::NotifyStatus::initial);
  CHECK(f.timer == 1795720717288);
  CHECK(f.remark == "hi B 😀");
  CHECK(f.ext == "no ext");
  CHECK(f.created_at == kNow);
  CHECK(f.updated_at == kNow);

  auto dup = store->notifies->create_notify(n);
  REQUIRE_FALSE(dup.ok());
  CHECK(dup.error().code == im::StoreErrc::conflict);

  auto unknown_sender = store->notifies->create_notify(make_notify("other", 55555, b.id));
  REQUIRE_FALSE(unknown_sender.ok());
  CHECK(unknown_sender.error().code == im::StoreErrc::foreign_key);

  auto none = store->notifies->find_notify("missing");
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());
}

TEMPLATE_TEST_CASE("pending_notifies", "[storage][notifies]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001", std::string("a@example.com"));
  auto b = add_user(*store, "13800000002");
  auto c = add_user(*store, "13800000003");

  REQUIRE(store->notifies->create_notify(make_notify("late", a.id, b.id, 3000)).ok());
  REQUIRE(store->notifies->create_notify(make_notify("early", c.id, b.id, 1000)).ok());
  REQUIRE(store->notifies
              ->create_notify(make_notify("done", a.id, b.id, 500, im::NotifyStatus::received))
              .ok());
  REQUIRE(store->notifies->create_notify(make_notify("for-c", a.id, c.id, 2000)).ok());

  // The sender's current profile is attached.
  im::UserPatch patch;
  patch.avatar = std::optional<std::string>("http://new/avatar.png");
  REQUIRE(store->users->update_user(a.id, patch, kNow + 1).ok());

  auto list = store->notifies->pending_notifies(b.id);
  REQUIRE(list.ok());
  REQUIRE(list->size() == 2);
  CHECK((*list)[0].notify.id == "early");
  CHECK((*list)[1].notify.id == "late");
  REQUIRE((*list)[0].sender.has_value());
  CHECK((*list)[0].sender->id == c.id);
  REQUIRE((*list)[1].sender.has_value());
  CHECK((*list)[1].sender->avatar == "http://new/avatar.png");
  CHECK((*list)[1].sender->email == "a@example.com");

  auto none = store->notifies->pending_notifies(a.id);
  REQUIRE(none.ok());
  CHECK(none->empty());
}

TEMPLATE_TEST_CASE("advance_notify moves only from allowed statuses", "[storage][notifies]",
                   IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  REQUIRE(store->notifies->create_notify(make_notify("n", a.id, b.id)).ok());

  using S = im::NotifyStatus;
  const S received_from[] = {S::initial};
  const S readed_from[] = {S::initial, S::received};
  const S open[] = {S::initial, S::received, S::readed};

  // E2: 1 -> 2.
  auto r1 = store->notifies->advance_notify("n", received_from, S::received, kNow + 1);
  REQUIRE(r1.ok());
  CHECK(r1.value());
  CHECK((*store->notifies->find_notify("n"))->status == S::received);
  CHECK((*store->notifies->find_notify("n"))->updated_at == kNow + 1);
  // Not again: the status is no longer Initial.
  auto r2 = store->notifies->advance_notify("n", received_from, S::received, kNow + 2);
  REQUIRE(r2.ok());
  CHECK_FALSE(r2.value());
  CHECK((*store->notifies->find_notify("n"))->updated_at == kNow + 1);
  // E3: 1 or 2 -> 3.
  CHECK(store->notifies->advance_notify("n", readed_from, S::readed, kNow).value());
  CHECK((*store->notifies->find_notify("n"))->status == S::readed);
  // F7: reject while still open.
  CHECK(store->notifies->advance_notify("n", open, S::rejected, kNow).value());
  CHECK((*store->notifies->find_notify("n"))->status == S::rejected);
  // B17: a closed request is never reopened.
  CHECK_FALSE(store->notifies->advance_notify("n", readed_from, S::readed, kNow).value());
  CHECK_FALSE(store->notifies->advance_notify("n", open, S::fulfilled, kNow).value());
  CHECK((*store->notifies->find_notify("n"))->status == S::rejected);

  auto missing = store->notifies->advance_notify("missing", open, S::readed, kNow);
  REQUIRE(missing.ok());
  CHECK_FALSE(missing.value());
}

TEMPLATE_TEST_CASE("notifies_of_user: sent and received, by timer", "[storage][notifies]",
                   IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  auto c = add_user(*store, "13800000003");
  REQUIRE(store->notifies->create_notify(make_notify("to-b", a.id, b.id, 3000)).ok());
  REQUIRE(store->notifies->create_notify(make_notify("from-b", b.id, c.id, 1000)).ok());
  REQUIRE(store->notifies->create_notify(make_notify("others", a.id, c.id, 2000)).ok());

  auto mine = store->notifies->notifies_of_user(b.id);
  REQUIRE(mine.ok());
  REQUIRE(mine->size() == 2);
  CHECK((*mine)[0].id == "from-b");
  CHECK((*mine)[1].id == "to-b");
  auto none = store->notifies->notifies_of_user(add_user(*store, "13800000004").id);
  REQUIRE(none.ok());
  CHECK(none->empty());
}
