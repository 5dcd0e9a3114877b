// Blocks (BlockStore; docs/protocol-extensions.md "Blocking"), and the one read the message path
// makes for S8 and the Blocks table together.
#include "backends.hpp"
#include "fixtures.hpp"

using namespace im_test;

TEMPLATE_TEST_CASE("blocks are added, listed and removed", "[storage][blocks]",
                   IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  auto c = add_user(*store, "13800000003");
  auto& blocks = *store->blocks;

  CHECK(blocks.list_blocks(a.id)->empty());
  CHECK(blocks.add_block(a.id, b.id, kNow).value());
  CHECK(blocks.add_block(a.id, c.id, kNow + 10).value());
  // A second block of the same user changes nothing, its time included.
  CHECK_FALSE(blocks.add_block(a.id, b.id, kNow + 20).value());

  auto list = blocks.list_blocks(a.id);
  REQUIRE(list.ok());
  REQUIRE(list->size() == 2);
  CHECK((*list)[0].user_id == c.id);  // newest first
  CHECK((*list)[0].created_at == kNow + 10);
  CHECK((*list)[1].user_id == b.id);
  CHECK((*list)[1].created_at == kNow);
  CHECK(blocks.list_blocks(b.id)->empty());  // a block is one-way

  CHECK(blocks.remove_block(a.id, b.id).value());
  CHECK_FALSE(blocks.remove_block(a.id, b.id).value());
  CHECK_FALSE(blocks.remove_block(b.id, a.id).value());
  list = blocks.list_blocks(a.id);
  REQUIRE(list->size() == 1);
  CHECK((*list)[0].user_id == c.id);
}

TEMPLATE_TEST_CASE("refuses: a Blocks row or the friend setting's block flag", "[storage][blocks]",
                   IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  auto& blocks = *store->blocks;

  CHECK_FALSE(blocks.refuses(a.id, b.id).value());
  SECTION("a Blocks row refuses one way only, friends or not") {
    REQUIRE(blocks.add_block(a.id, b.id, kNow).value());
    CHECK(blocks.refuses(a.id, b.id).value());
    CHECK_FALSE(blocks.refuses(b.id, a.id).value());
    make_friends(*store, a.id, b.id);
    CHECK(blocks.refuses(a.id, b.id).value());
    REQUIRE(blocks.remove_block(a.id, b.id).value());
    CHECK_FALSE(blocks.refuses(a.id, b.id).value());
  }
  SECTION("the owner's FriendSettings block flag (S8)") {
    make_friends(*store, a.id, b.id);
    im::FriendSettingPatch patch;
    patch.block = true;
    REQUIRE(store->friends->update_friend_setting(a.id, b.id, patch, kNow).value());
    CHECK(blocks.refuses(a.id, b.id).value());
    CHECK_FALSE(blocks.refuses(b.id, a.id).value());
    patch.block = false;
    REQUIRE(store->friends->update_friend_setting(a.id, b.id, patch, kNow).value());
    CHECK_FALSE(blocks.refuses(a.id, b.id).value());
  }
}

TEMPLATE_TEST_CASE("a deleted user's blocks go with the user", "[storage][blocks]",
                   IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  auto c = add_user(*store, "13800000003");
  REQUIRE(store->blocks->add_block(a.id, b.id, kNow).value());
  REQUIRE(store->blocks->add_block(b.id, c.id, kNow).value());
  REQUIRE(store->users->delete_user(b.id).ok());
  CHECK(store->blocks->list_blocks(a.id)->empty());
  CHECK(store->blocks->list_blocks(b.id)->empty());
}
