// Groups and members (docs/contract/data-model.md 2.7, 2.8; docs/contract/http-api.md G1-G7).
#include <algorithm>

#include "backends.hpp"
#include "fixtures.hpp"

using namespace im_test;

TEMPLATE_TEST_CASE("create_group and read it back", "[storage][groups]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  auto c = add_user(*store, "13800000003");

  im::NewGroup ng;
  ng.name = "g2";
  ng.avatar = "http://g/a.png";
  ng.type = 2;
  ng.creator = b.id;
  ng.members = {a.id, b.id, c.id};
  auto g = store->groups->create_group(ng, kNow);
  REQUIRE(g.ok());
  CHECK(g->id == 1);  // Groups start at 1 (docs/contract/data-model.md 2.7)
  CHECK(g->name == "g2");
  CHECK(g->creator == b.id);
  CHECK(g->created_at == kNow);

  auto found = store->groups->find_group(g->id);
  REQUIRE(found.ok());
  REQUIRE(found->has_value());
  CHECK((*found)->name == "g2");
  CHECK((*found)->avatar == "http://g/a.png");
  CHECK((*found)->type == 2);
  CHECK((*found)->creator == b.id);
  CHECK((*found)->updated_at == kNow);

  auto members = store->groups->group_members(g->id);
  REQUIRE(members.ok());
  REQUIRE(members->size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& m = (*members)[i];
    CHECK(m.member.group_id == g->id);
    CHECK(m.member.user_id == m.user.id);
    CHECK(m.member.created_at == kNow);
  }
  CHECK((*members)[0].user.id == a.id);
  CHECK((*members)[1].user.id == b.id);
  CHECK((*members)[2].user.id == c.id);
  CHECK((*members)[0].user.account == "13800000001");

  auto ids = store->groups->group_member_ids(g->id);
  REQUIRE(ids.ok());
  CHECK(ids.value() == std::vector<im::UserId>{a.id, b.id, c.id});
  CHECK(store->groups->is_member(g->id, a.id).value());
  auto d = add_user(*store, "13800000004");
  CHECK_FALSE(store->groups->is_member(g->id, d.id).value());
  CHECK_FALSE(store->groups->is_member(99, a.id).value());

  auto none = store->groups->find_group(99);
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());
  auto no_members = store->groups->group_members(99);
  REQUIRE(no_members.ok());
  CHECK(no_members->empty());
}

TEMPLATE_TEST_CASE("create_group with an unknown member creates nothing", "[storage][groups]",
                   IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  im::NewGroup ng;
  ng.name = "bad";
  ng.creator = a.id;
  ng.members = {a.id, 424242};
  auto g = store->groups->create_group(ng, kNow);
  REQUIRE_FALSE(g.ok());
  CHECK(g.error().code == im::StoreErrc::foreign_key);
  auto mine = store->groups->groups_of(a.id);
  REQUIRE(mine.ok());
  CHECK(mine->empty());
  CHECK_FALSE(store->groups->find_group(1)->has_value());
}

TEMPLATE_TEST_CASE("groups_of with member counts", "[storage][groups]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  auto c = add_user(*store, "13800000003");
  auto g1 = add_group(*store, a.id, {a.id, b.id, c.id}, "one");
  auto g2 = add_group(*store, a.id, {a.id, c.id}, "two");
  add_group(*store, b.id, {b.id}, "three");

  auto mine = store->groups->groups_of(a.id);
  REQUIRE(mine.ok());
  REQUIRE(mine->size() == 2);
  auto sorted = mine.value();
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& x, const auto& y) { return x.group.id < y.group.id; });
  CHECK(sorted[0].group.id == g1.id);
  CHECK(sorted[0].group.name == "one");
  CHECK(sorted[0].count == 3);
  CHECK(sorted[1].group.id == g2.id);
  CHECK(sorted[1].count == 2);

  CHECK(store->groups->groups_of(b.id)->size() == 2);
  auto d = add_user(*store, "13800000004");
  CHECK(store->groups->groups_of(d.id)->empty());
}

TEMPLATE_TEST_CASE("add_members", "[storage][groups]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  auto c = add_user(*store, "13800000003");
  auto d = add_user(*store, "13800000004");
  auto g = add_group(*store, a.id, {a.id, b.id});

  const im::UserId more[] = {b.id, c.id, d.id};
  auto added = store->groups->add_members(g.id, more, kNow + 1);
  REQUIRE(added.ok());
  CHECK(added.value() == 2);  // b was already a member
  CHECK(store->groups->group_member_ids(g.id).value() ==
        std::vector<im::UserId>{a.id, b.id, c.id, d.id});

  auto e = add_user(*store, "13800000005");
  const im::UserId bad[] = {e.id, 424242};
  auto failed = store->groups->add_members(g.id, bad, kNow);
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error().code == im::StoreErrc::foreign_key);
  CHECK_FALSE(store->groups->is_member(g.id, e.id).value());  // all or nothing

  auto nothing = store->groups->add_members(g.id, {}, kNow);
  REQUIRE(nothing.ok());
  CHECK(nothing.value() == 0);
}

TEMPLATE_TEST_CASE("update_group changes name and avatar only when given", "[storage][groups]",
                   IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  im::NewGroup ng;
  ng.name = "before";
  ng.avatar = "http://old.png";
  ng.creator = a.id;
  ng.members = {a.id};
  auto g = store->groups->create_group(ng, kNow).value();

  im::GroupPatch p;
  p.name = "after";
  REQUIRE(store->groups->update_group(g.id, p, kNow + 9).ok());
  auto found = store->groups->find_group(g.id).value().value();
  CHECK(found.name == "after");
  CHECK(found.avatar == "http://old.png");
  CHECK(found.creator == a.id);
  CHECK(found.type == 1);
  CHECK(found.updated_at == kNow + 9);
  CHECK(found.created_at == kNow);

  im::GroupPatch q;
  q.avatar = "http://new.png";
  REQUIRE(store->groups->update_group(g.id, q, kNow + 10).ok());
  found = store->groups->find_group(g.id).value().value();
  CHECK(found.name == "after");
  CHECK(found.avatar == "http://new.png");
}

TEMPLATE_TEST_CASE("delete_group removes members, keeps messages", "[storage][groups]",
                   IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  auto g = add_group(*store, a.id, {a.id, b.id});
  auto other = add_group(*store, a.id, {a.id, b.id});
  auto id = send(*store, group_chat(a.id, g.id, 1000));

  REQUIRE(store->groups->delete_group(g.id).ok());
  CHECK_FALSE(store->groups->find_group(g.id)->has_value());
  CHECK(store->groups->group_member_ids(g.id)->empty());
  CHECK_FALSE(store->groups->is_member(g.id, a.id).value());
  CHECK(store->groups->group_member_ids(other.id)->size() == 2);
  CHECK(store->groups->groups_of(b.id)->size() == 1);
  // The message row stays: it still references its sender, who therefore cannot be deleted.
  auto del = store->users->delete_user(a.id);
  REQUIRE_FALSE(del.ok());
  CHECK(del.error().code == im::StoreErrc::foreign_key);
  (void)id;
}
