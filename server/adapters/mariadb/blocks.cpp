// The users each user has blocked (BlockStore; docs/protocol-extensions.md "Blocking").
#include "im/storage/block_store.hpp"
#include "server/adapters/mariadb/rows.hpp"
#include "server/adapters/mariadb/store.hpp"

namespace im::host::mariadb {

namespace {

class Blocks final : public BlockStore, private Tables {
 public:
  using Tables::Tables;

  StoreResult<bool> add_block(UserId owner, UserId target, Seconds now) override {
    return database_->run([&](Lease& l) {
      // A repeated block changes nothing (0 rows); the service has checked that both users
      // exist, so IGNORE only ever skips the duplicate key.
      return l->exec(
                 "INSERT IGNORE INTO `Blocks` (`userId`, `blockedId`, `createdAt`) "
                 "VALUES (?, ?, ?)",
                 {owner, target, db_time(now)}) > 0;
    });
  }

  StoreResult<bool> remove_block(UserId owner, UserId target) override {
    return database_->run([&](Lease& l) {
      return l->exec("DELETE FROM `Blocks` WHERE `userId` = ? AND `blockedId` = ?",
                     {owner, target}) > 0;
    });
  }

  StoreResult<std::vector<BlockedUser>> list_blocks(UserId owner) override {
    return database_->run([&](Lease& l) {
      auto rows = l->query(
          "SELECT `blockedId`, `createdAt` FROM `Blocks` WHERE `userId` = ? "
          "ORDER BY `createdAt` DESC, `blockedId` ASC",
          {owner});
      return read_all(rows, [](const Row& row) {
        return BlockedUser{row.i64(0), row.opt_time(1).value_or(0)};
      });
    });
  }

  StoreResult<bool> refuses(UserId owner, UserId sender) override {
    return database_->run([&](Lease& l) {
      auto rows = l->query(
          "SELECT EXISTS (SELECT 1 FROM `Blocks` WHERE `userId` = ? AND `blockedId` = ?) "
          "OR EXISTS (SELECT 1 FROM `FriendSettings` WHERE `userId` = ? AND `friendId` = ? "
          "AND `block` <> 0)",
          {owner, sender, owner, sender});
      return !rows.empty() && rows[0].i64(0) != 0;
    });
  }
};

}  // namespace

std::shared_ptr<BlockStore> make_block_store(std::shared_ptr<MariaDbDatabase> database) {
  return std::make_shared<Blocks>(std::move(database));
}

}  // namespace im::host::mariadb
