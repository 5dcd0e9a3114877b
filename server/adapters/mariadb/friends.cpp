// Friendships and the per-owner friend settings (docs/contract/http-api.md F2-F6).
#include "server/adapters/mariadb/rows.hpp"
#include "server/adapters/mariadb/store.hpp"

namespace im::host::mariadb {

void insert_notify(Connection& c, const Notify& n);  // notifies.cpp

StoreResult<bool> MariaDbStorage::are_friends(UserId a, UserId b) {
  return run([&](Lease& l) {
    return !l->query(
                 "SELECT 1 FROM `Friends` WHERE (`userId` = ? AND `friendId` = ?) OR "
                 "(`userId` = ? AND `friendId` = ?) LIMIT 1",
                 {a, b, b, a})
                .empty();
  });
}

StoreResult<std::vector<FriendEntry>> MariaDbStorage::list_friends(UserId user) {
  return run([&](Lease& l) {
    // The other user of each friendship and the caller's own settings row for them (B15).
    auto rows = l->query(
        std::string("SELECT f.`id`, ") + kUserCols + ", " + kSettingCols +
            " FROM `Friends` f JOIN `Users` u ON u.`id` = IF(f.`userId` = ?, f.`friendId`, "
            "f.`userId`) LEFT JOIN `FriendSettings` s ON s.`userId` = ? AND s.`friendId` = u.`id` "
            "WHERE f.`userId` = ? OR f.`friendId` = ? ORDER BY f.`id`",
        {user, user, user, user});
    std::vector<FriendEntry> out;
    out.reserve(rows.size());
    for (const Row& r : rows) {
      FriendEntry e;
      e.friendship_id = r.i64(0);
      e.user = read_user(r, 1);
      if (!r.is_null(1 + kUserColCount)) e.setting = read_setting(r, 1 + kUserColCount);
      out.push_back(std::move(e));
    }
    return out;
  });
}

StoreResult<std::optional<FriendSetting>> MariaDbStorage::friend_setting(UserId owner,
                                                                         UserId friend_id) {
  return run([&](Lease& l) -> std::optional<FriendSetting> {
    auto rows = l->query(std::string("SELECT ") + kSettingCols +
                             " FROM `FriendSettings` s WHERE s.`userId` = ? AND s.`friendId` = ?",
                         {owner, friend_id});
    if (rows.empty()) return std::nullopt;
    return read_setting(rows[0]);
  });
}

StoreResult<bool> MariaDbStorage::update_friend_setting(UserId owner, UserId friend_id,
                                                        const FriendSettingPatch& patch,
                                                        Seconds now) {
  return run([&](Lease& l) {
    const std::string t = db_time(now);
    std::string sql = "UPDATE `FriendSettings` SET `updatedAt` = ?";
    Params params{t};
    if (patch.remark) {
      sql += ", `remark` = ?";
      params.emplace_back(*patch.remark);
    }
    if (patch.astrolabe) {
      sql += ", `astrolabe` = ?";
      params.emplace_back(*patch.astrolabe);
    }
    if (patch.block) {
      sql += ", `block` = ?";
      params.emplace_back(*patch.block);
    }
    sql += " WHERE `userId` = ? AND `friendId` = ?";
    params.emplace_back(owner);
    params.emplace_back(friend_id);
    // CLIENT_FOUND_ROWS: matched rows, so an unchanged row still counts (B16).
    return l->exec(sql, params) > 0;
  });
}

StoreResult<Done> MariaDbStorage::delete_friendship(UserId a, UserId b, const Notify& del_notify) {
  return run_tx([&](Lease& l) {
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

StoreResult<Done> MariaDbStorage::accept_friend_request(std::string_view notify_id, UserId accepter,
                                                        UserId requester, Seconds now) {
  return run_tx([&](Lease& l) {
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

}  // namespace im::host::mariadb
