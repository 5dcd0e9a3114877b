// Schema, seeds and migrations (docs/contract/data-model.md 1.4, 3).
#include "backends.hpp"
#include "fixtures.hpp"

using namespace im_test;

namespace {

void check_seeds(im::Storage& store) {
  auto user = store.permissions->role_info(1);
  REQUIRE(user.ok());
  REQUIRE(user->has_value());
  CHECK((*user)->role.name == "user");
  CHECK((*user)->role.desc == "Normal user");
  REQUIRE((*user)->permissions.size() == 1);
  CHECK((*user)->permissions[0].id == 1);
  CHECK((*user)->permissions[0].name == "userGet");
  CHECK((*user)->permissions[0].desc == "Get user info");

  auto admin = store.permissions->role_info(5);
  REQUIRE(admin.ok());
  REQUIRE(admin->has_value());
  CHECK((*admin)->role.name == "admin");
  CHECK((*admin)->role.desc == "管理员");
  const auto& perms = (*admin)->permissions;
  REQUIRE(perms.size() == 4);
  const char* names[] = {"userGet", "userDel", "permManage", "releaseUpload"};
  const char* descs[] = {"Get user info", "Delete user", "Manage roles and permissions",
                         "Upload Electron releases"};
  for (int i = 0; i < 4; ++i) {
    CHECK(perms[i].id == i + 1);
    CHECK(perms[i].name == names[i]);
    CHECK(perms[i].desc == descs[i]);
    CHECK(perms[i].created_at > 0);  // NOT NULL columns (docs/contract/data-model.md 2.3)
  }

  for (std::int64_t missing : {2, 3, 4, 6}) {
    auto none = store.permissions->role_info(missing);
    REQUIRE(none.ok());
    CHECK_FALSE(none->has_value());
  }
}

}  // namespace

TEMPLATE_TEST_CASE("seeds are present after migrate", "[storage][schema]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  check_seeds(*store);
  CHECK(store->database->ping());
}

TEMPLATE_TEST_CASE("migrate is idempotent", "[storage][schema]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto user = add_user(*store, "13800000001");
  REQUIRE_NOTHROW(store->database->migrate());
  REQUIRE_NOTHROW(store->database->migrate());
  check_seeds(*store);
  // Data survives and the sequences go on where they were.
  auto found = store->users->find_user(user.id);
  REQUIRE(found.ok());
  CHECK(found->has_value());
  CHECK(add_user(*store, "13800000002").id == user.id + 1);
  // docs/contract/data-model.md 3: the next role created gets id 6, the next permission id 5.
  const std::int64_t perms[] = {1};
  auto role = store->permissions->create_role("editor", std::nullopt, perms, kNow);
  REQUIRE(role.ok());
  CHECK(role->id == 6);
  auto perm = store->permissions->create_permission("extra", std::string("x"), kNow);
  REQUIRE(perm.ok());
  CHECK(perm->id == 5);
}

TEMPLATE_TEST_CASE("user ids start at 10000", "[storage][schema]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  CHECK(add_user(*store, "13800000001").id == 10000);
  CHECK(add_user(*store, "13800000002").id == 10001);
  CHECK(add_user(*store, "13800000003").id == 10002);
}
