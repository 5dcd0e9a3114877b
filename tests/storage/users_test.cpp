// Users, roles and permissions (docs/contract/data-model.md 2.1-2.4; J13, J29).
#include "backends.hpp"
#include "fixtures.hpp"

using namespace im_test;

TEMPLATE_TEST_CASE("create and find users", "[storage][users]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  im::NewUser nu;
  nu.account = "13800000001";
  nu.pwd_hash = "$2b$10$hash";
  nu.avatar = "http://a/b.png";
  nu.email = "a@example.com";
  nu.role_id = 5;
  nu.now = kNow;
  auto created = store->users->create_user(nu);
  REQUIRE(created.ok());
  CHECK(created->id == 10000);
  CHECK(created->regis_time == kNow);
  CHECK(created->update_time == kNow);

  auto found = store->users->find_user(created->id);
  REQUIRE(found.ok());
  REQUIRE(found->has_value());
  const im::User& u = **found;
  CHECK(u.account == "13800000001");
  CHECK(u.pwd_hash == "$2b$10$hash");
  CHECK(u.avatar == "http://a/b.png");
  CHECK(u.email == "a@example.com");
  CHECK(u.regis_time == kNow);
  CHECK(u.update_time == kNow);
  CHECK(u.role_id == 5);

  auto by_account = store->users->find_user_by_account("13800000001");
  REQUIRE(by_account.ok());
  REQUIRE(by_account->has_value());
  CHECK((*by_account)->id == created->id);

  auto none = store->users->find_user(99999);
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());
  auto no_account = store->users->find_user_by_account("13899999999");
  REQUIRE(no_account.ok());
  CHECK_FALSE(no_account->has_value());

  // Optional columns stay NULL.
  auto plain = add_user(*store, "13800000002");
  auto again = store->users->find_user(plain.id);
  REQUIRE(again.ok());
  CHECK_FALSE((*again)->avatar.has_value());
  CHECK_FALSE((*again)->email.has_value());
}

TEMPLATE_TEST_CASE("account and e-mail are unique, case-insensitively", "[storage][users]",
                   IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto first = add_user(*store, "Ab123", std::string("Some@Example.com"));

  im::NewUser dup;
  dup.pwd_hash = "x";
  dup.now = kNow;
  dup.account = "aB123";
  auto account_taken = store->users->create_user(dup);
  REQUIRE_FALSE(account_taken.ok());
  CHECK(account_taken.error().code == im::StoreErrc::conflict);

  dup.account = "13800000009";
  dup.email = "some@EXAMPLE.com";
  auto email_taken = store->users->create_user(dup);
  REQUIRE_FALSE(email_taken.ok());
  CHECK(email_taken.error().code == im::StoreErrc::conflict);

  // Nothing was created; NULL e-mails do not collide.
  auto missing = store->users->find_user_by_account("13800000009");
  REQUIRE(missing.ok());
  CHECK_FALSE(missing->has_value());
  add_user(*store, "13800000010");
  add_user(*store, "13800000011");

  // The account lookup follows the same collation.
  auto found = store->users->find_user_by_account("AB123");
  REQUIRE(found.ok());
  REQUIRE(found->has_value());
  CHECK((*found)->id == first.id);
}

TEMPLATE_TEST_CASE("a user's role must exist", "[storage][users]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  im::NewUser nu;
  nu.account = "13800000001";
  nu.pwd_hash = "x";
  nu.role_id = 42;
  nu.now = kNow;
  auto created = store->users->create_user(nu);
  REQUIRE_FALSE(created.ok());
  CHECK(created.error().code == im::StoreErrc::foreign_key);
}

TEMPLATE_TEST_CASE("find_users returns the existing ones ascending", "[storage][users]",
                   IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  auto c = add_user(*store, "13800000003");
  const im::UserId ids[] = {c.id, 424242, a.id, c.id};
  auto users = store->users->find_users(ids);
  REQUIRE(users.ok());
  REQUIRE(users->size() == 2);
  CHECK((*users)[0].id == a.id);
  CHECK((*users)[1].id == c.id);
  auto empty = store->users->find_users({});
  REQUIRE(empty.ok());
  CHECK(empty->empty());
  (void)b;
}

TEMPLATE_TEST_CASE("update_user distinguishes absent from null", "[storage][users]",
                   IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto u = add_user(*store, "13800000001", std::string("a@example.com"));
  auto other = add_user(*store, "13800000002", std::string("b@example.com"));

  im::UserPatch set_avatar;
  set_avatar.avatar = std::optional<std::string>("http://x/y.png");
  auto r1 = store->users->update_user(u.id, set_avatar, kNow + 10);
  REQUIRE(r1.ok());
  REQUIRE(r1->has_value());
  CHECK((*r1)->avatar == "http://x/y.png");
  CHECK((*r1)->email == "a@example.com");  // absent: unchanged
  CHECK((*r1)->update_time == kNow + 10);
  CHECK((*r1)->regis_time == kNow);

  im::UserPatch clear_email;
  clear_email.email = std::optional<std::string>();  // present, null
  auto r2 = store->users->update_user(u.id, clear_email, kNow + 20);
  REQUIRE(r2.ok());
  CHECK_FALSE((*r2)->email.has_value());
  CHECK((*r2)->avatar == "http://x/y.png");

  auto stored = store->users->find_user(u.id);
  REQUIRE(stored.ok());
  CHECK_FALSE((*stored)->email.has_value());
  CHECK((*stored)->update_time == kNow + 20);

  // An empty patch still touches updateTime.
  auto r3 = store->users->update_user(u.id, im::UserPatch{}, kNow + 30);
  REQUIRE(r3.ok());
  CHECK((*r3)->update_time == kNow + 30);

  im::UserPatch taken;
  taken.email = std::optional<std::string>("B@example.com");
  auto r4 = store->users->update_user(u.id, taken, kNow + 40);
  REQUIRE_FALSE(r4.ok());
  CHECK(r4.error().code == im::StoreErrc::conflict);
  auto unchanged = store->users->find_user(u.id);
  CHECK((*unchanged)->update_time == kNow + 30);

  auto missing = store->users->update_user(99999, set_avatar, kNow);
  REQUIRE(missing.ok());
  CHECK_FALSE(missing->has_value());
  (void)other;
}

TEMPLATE_TEST_CASE("delete_user", "[storage][users]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");

  SECTION("an unreferenced user goes; a missing one gives false") {
    auto gone = store->users->delete_user(b.id);
    REQUIRE(gone.ok());
    CHECK(gone.value());
    auto found = store->users->find_user(b.id);
    REQUIRE(found.ok());
    CHECK_FALSE(found->has_value());
    auto again = store->users->delete_user(b.id);
    REQUIRE(again.ok());
    CHECK_FALSE(again.value());
  }
  SECTION("a user who sent a message stays (J13)") {
    send(*store, chat(a.id, b.id, 1000));
    auto r = store->users->delete_user(a.id);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == im::StoreErrc::foreign_key);
    auto found = store->users->find_user(a.id);
    REQUIRE(found.ok());
    CHECK(found->has_value());
    // The receiver of that message has no outgoing reference and can go.
    auto receiver = store->users->delete_user(b.id);
    REQUIRE(receiver.ok());
    CHECK(receiver.value());
  }
  SECTION("a user who sent a notify stays") {
    REQUIRE(store->notifies->create_notify(make_notify("n-1", a.id, b.id)).ok());
    auto r = store->users->delete_user(a.id);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == im::StoreErrc::foreign_key);
    CHECK(store->users->find_user(a.id)->has_value());
  }
  SECTION("a user with friends stays, and so do the friendship rows") {
    make_friends(*store, a.id, b.id);
    auto c = add_user(*store, "13800000003");
    auto g = add_group(*store, a.id, {a.id, c.id});
    auto r = store->users->delete_user(a.id);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == im::StoreErrc::foreign_key);
    CHECK(store->users->find_user(a.id)->has_value());
    CHECK(store->friends->are_friends(a.id, b.id).value());
    CHECK(store->groups->is_member(g.id, a.id).value());  // the cascade was rolled back too
  }
  SECTION("memberships cascade") {
    auto g = add_group(*store, a.id, {a.id, b.id});
    auto r = store->users->delete_user(b.id);
    REQUIRE(r.ok());
    CHECK(r.value());
    auto ids = store->groups->group_member_ids(g.id);
    REQUIRE(ids.ok());
    CHECK(ids.value() == std::vector<im::UserId>{a.id});
  }
}

TEMPLATE_TEST_CASE("roles and permissions", "[storage][users]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();

  auto perm = store->permissions->create_permission("groupAdmin", std::nullopt, kNow);
  REQUIRE(perm.ok());
  CHECK(perm->name == "groupAdmin");
  CHECK_FALSE(perm->desc.has_value());
  CHECK(perm->created_at == kNow);
  auto dup_perm = store->permissions->create_permission("USERGET", std::string("again"), kNow);
  REQUIRE_FALSE(dup_perm.ok());
  CHECK(dup_perm.error().code == im::StoreErrc::conflict);

  SECTION("permissions come back ascending by id") {
    const std::int64_t ids[] = {perm->id, 3, 1, 3};
    auto role = store->permissions->create_role("moderator", std::string("Mods"), ids, kNow);
    REQUIRE(role.ok());
    CHECK(role->name == "moderator");
    CHECK(role->desc == "Mods");
    auto info = store->permissions->role_info(role->id);
    REQUIRE(info.ok());
    REQUIRE(info->has_value());
    CHECK((*info)->role.name == "moderator");
    CHECK((*info)->role.created_at == kNow);
    std::vector<std::int64_t> got;
    for (const auto& p : (*info)->permissions) got.push_back(p.id);
    CHECK(got == std::vector<std::int64_t>{1, 3, perm->id});
  }
  SECTION("a role without permissions") {
    auto role = store->permissions->create_role("empty", std::nullopt, {}, kNow);
    REQUIRE(role.ok());
    auto info = store->permissions->role_info(role->id);
    REQUIRE(info->has_value());
    CHECK((*info)->permissions.empty());
  }
  SECTION("an unknown permission creates nothing") {
    const std::int64_t ids[] = {1, 777};
    auto role = store->permissions->create_role("broken", std::nullopt, ids, kNow);
    REQUIRE_FALSE(role.ok());
    CHECK(role.error().code == im::StoreErrc::foreign_key);
    // The name is still free, so the role row was rolled back.
    const std::int64_t ok_ids[] = {1};
    auto retry = store->permissions->create_role("broken", std::nullopt, ok_ids, kNow);
    REQUIRE(retry.ok());
    auto info = store->permissions->role_info(retry->id);
    REQUIRE(info->has_value());
    CHECK((*info)->permissions.size() == 1);
  }
  SECTION("role names are unique, case-insensitively") {
    auto role = store->permissions->create_role("ADMIN", std::nullopt, {}, kNow);
    REQUIRE_FALSE(role.ok());
    CHECK(role.error().code == im::StoreErrc::conflict);
  }
}
