// The users each user has blocked (BlockStore; docs/protocol-extensions.md "Blocking").
#include "im/storage/block_store.hpp"
#include "storage/sqlite/rows.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace im::sqlite {

namespace {

class Blocks final : public BlockStore, private Tables {
 public:
  using Tables::Tables;

  StoreResult<bool> add_block(UserId owner, UserId target, Seconds now) override {
    return database_->guarded([&] {
      auto st = db_.prepare(
          R"sql(INSERT INTO "Blocks" ("userId", "blockedId", "createdAt") VALUES (?, ?, ?)
                ON CONFLICT DO NOTHING)sql");
      return st.bind(owner, target, db_time(now)).run() > 0;
    });
  }

  StoreResult<bool> remove_block(UserId owner, UserId target) override {
    return database_->guarded([&] {
      auto st = db_.prepare(R"sql(DELETE FROM "Blocks" WHERE "userId" = ? AND "blockedId" = ?)sql");
      return st.bind(owner, target).run() > 0;
    });
  }

  StoreResult<std::vector<BlockedUser>> list_blocks(UserId owner) override {
    return database_->guarded([&] {
      auto st = db_.prepare(
          R"sql(SELECT "blockedId", "createdAt" FROM "Blocks" WHERE "userId" = ?
                ORDER BY "createdAt" DESC, "blockedId" ASC)sql");
      return st.bind(owner).all([](const Stmt& row) {
        return BlockedUser{row.i64(0), row.opt_time(1).value_or(0)};
      });
    });
  }

  StoreResult<bool> refuses(UserId owner, UserId sender) override {
    return database_->guarded([&] {
      auto st = db_.prepare(
          R"sql(SELECT EXISTS (SELECT 1 FROM "Blocks" WHERE "userId" = ?1 AND "blockedId" = ?2)
                    OR EXISTS (SELECT 1 FROM "FriendSettings"
                               WHERE "userId" = ?1 AND "friendId" = ?2 AND "block" <> 0))sql");
      return st.bind(owner, sender).step() && st.i64(0) != 0;
    });
  }
};

}  // namespace

std::shared_ptr<BlockStore> make_block_store(std::shared_ptr<SqliteDatabase> database) {
  return std::make_shared<Blocks>(std::move(database));
}

}  // namespace im::sqlite
