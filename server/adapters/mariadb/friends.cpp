// Friendships and the per-owner friend settings (docs/contract/http-api.md F2-F6).
#include "server/adapters/mariadb/rows.hpp"
#include "server/adapters/mariadb/store.hpp"
#include "server/adapters/mariadb/update_statement.hpp"

namespace im::host::mariadb {

namespace {

class Friends final : public FriendStore, private Tables {
 public:
  using Tables::Tables;

  StoreResult<bool> are_friends(UserId a, UserId b) override {
    return database_->run([&](Lease& l) {
      return !l->query(
                   "SELECT 1 FROM `Friends` WHERE (`userId` = ? AND `friendId` = ?) OR "
                   "(`userId` = ? AND `friendId` = ?) LIMIT 1",
                   {a, b, b, a})
                  .empty();
    });
  }

  StoreResult<std::vector<FriendEntry>> list_friends(UserId user) override {
    return database_->run([&](Lease& l) {
      // The other user of each friendship and the caller's own settings row for them (B15).
      auto rows = l->query(
          std::string("SELECT f.`id`, ") + kColumns.user + ", " + kColumns.setting +
              " FROM `Friends` f JOIN `Users` u ON u.`id` = IF(f.`userId` = ?, f.`friendId`, "
              "f.`userId`) LEFT JOIN `FriendSettings` s ON s.`userId` = ? AND s.`friendId` = "
              "u.`id` "
              "WHERE f.`userId` = ? OR f.`friendId` = ? ORDER BY f.`id`",
          {user, user, user, user});
      return read_all(rows, read_friend_entry<Row>);
    });
  }

  StoreResult<std::optional<FriendSetting>> friend_setting(UserId owner,
                                                           UserId friend_id) override {
    return database_->run([&](Lease& l) -> std::optional<FriendSetting> {
      auto rows = l->query(std::string("SELECT ") + kColumns.setting +
                               " FROM `FriendSettings` s WHERE s.`userId` = ? AND s.`friendId` = ?",
                           {owner, friend_id});
      if (rows.empty()) return std::nullopt;
      return read_setting(rows[0]);
    });
  }

  StoreResult<bool> update_friend_setting(UserId owner, UserId friend_id,
                                          const FriendSettingPatch& patch, Seconds now) override {
    return database_->run([&](Lease& l) {
      const std::string t = db_time(now);
      UpdateStatement update("FriendSettings", "updatedAt", t);
      update.set("remark", patch.remark)
          .set("astrolabe", patch.astrolabe)
          .set("block", patch.block);
      // CLIENT_FOUND_ROWS: matched rows, so an unchanged row still counts (B16).
      return update.run(*l, "`userId` = ? AND `friendId` = ?", {owner, friend_id}) > 0;
    });
  }

  StoreResult<Done> delete_friendship(UserId a, UserId b, const Notify& del_notify) override {
    return database_->run_tx([&](Lease& l) {
      l->exec(
          "DELETE FROM `FriendSettings` WHERE (`userId` = ? AND `friendId` = ?) OR "
          "(`userId` = ? AND `friendId` = ?)",
          {a, b, b, a});
      l->exec(
          "DELETE FROM `Friends` WHERE (`userId` = ? AND `friendId` = ?) OR "
          "(`userId` = ? AND `friendId` = ?)",
          {a, b, b, a});
      insert_notify(*l, del_notify);
      return Done{};
    });
  }

  StoreResult<Done> accept_friend_request(std::string_view notify_id, UserId accepter,
                                          UserId requester, Seconds now) override {
    return database_->run_tx([&](Lease& l) {
      const std::string t = db_time(now);
      // Exactly one row must move to Fulfilled; otherwise someone else got there first (F6).
      if (l->exec("UPDATE `Notifies` SET `status` = ?, `updatedAt` = ? WHERE `id` = ? AND "
                  "`status` <= ?",
                  {static_cast<int>(NotifyStatus::fulfilled), t, notify_id,
                   static_cast<int>(NotifyStatus::readed)}) != 1) {
        throw DbError(StoreErrc::other, 0, "notify is no longer pending");
      }
      l->exec(
          "INSERT INTO `Friends` (`createdAt`, `updatedAt`, `userId`, `friendId`) "
          "VALUES (?, ?, ?, ?)",
          {t, t, accepter, requester});
      l->exec(
          "INSERT INTO `FriendSettings` (`userId`, `friendId`, `remark`, `astrolabe`, "
          "`block`, `createdAt`, `updatedAt`) VALUES (?, ?, NULL, 0, 0, ?, ?), "
          "(?, ?, NULL, 0, 0, ?, ?)",
          {accepter, requester, t, t, requester, accepter, t, t});
      return Done{};
    });
  }
};

}  // namespace

std::shared_ptr<FriendStore> make_friend_store(std::shared_ptr<MariaDbDatabase> database) {
  return std::make_shared<Friends>(std::move(database));
}

}  // namespace im::host::mariadb
