// Friendships and per-owner friend settings (docs/contract/data-model.md 2.5, 2.6;
// docs/contract/http-api.md F2-F6).
#include "storage/sqlite/rows.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace im::sqlite {

namespace {

class Friends final : public FriendStore, private Tables {
 public:
  using Tables::Tables;

  StoreResult<bool> are_friends(UserId a, UserId b) override {
    return database_->guarded([&] {
      auto st = db_.prepare(
          R"sql(SELECT 1 FROM "Friends"
                WHERE ("userId" = ?1 AND "friendId" = ?2) OR ("userId" = ?2 AND "friendId" = ?1)
                LIMIT 1)sql");
      return st.bind(a, b).step();
    });
  }

  StoreResult<std::vector<FriendEntry>> list_friends(UserId user) override {
    return database_->read_guarded([&](Db& db) {
      // The other user of each friendship with the caller's own setting row for them (B15: the
      // original joined on friendId only and could show another owner's remark and flags).
      static const std::string sql = std::string("SELECT f.\"id\", ") + kColumns.user + ", " +
                                     kColumns.setting +
                                     R"sql( FROM "Friends" f
                 JOIN "Users" u ON u."id" = CASE WHEN f."userId" = ?1 THEN f."friendId"
                                                 ELSE f."userId" END
                 LEFT JOIN "FriendSettings" s ON s."userId" = ?1 AND s."friendId" = u."id"
                 WHERE f."userId" = ?1 OR f."friendId" = ?1
                 ORDER BY f."id" ASC)sql";
      return db.prepare(sql).bind(user).all(read_friend_entry<Stmt>);
    });
  }

  StoreResult<std::optional<FriendSetting>> friend_setting(UserId owner,
                                                           UserId friend_id) override {
    return database_->guarded([&]() -> std::optional<FriendSetting> {
      static const std::string sql =
          std::string("SELECT ") + kColumns.setting +
          R"sql( FROM "FriendSettings" s WHERE s."userId" = ? AND s."friendId" = ?)sql";
      auto st = db_.prepare(sql);
      if (!st.bind(owner, friend_id).step()) return std::nullopt;
      return read_setting(st);
    });
  }

  StoreResult<bool> update_friend_setting(UserId owner, UserId friend_id,
                                          const FriendSettingPatch& patch, Seconds now) override {
    return database_->guarded([&] {
      // Only the given keys change, false included (B16). SQLite counts matched rows, so an
      // update that changes no value still reports the row (F3: 200 whether or not it changed).
      auto st = db_.prepare(
          R"sql(UPDATE "FriendSettings" SET "updatedAt" = ?3,
                  "remark" = CASE WHEN ?4 THEN ?5 ELSE "remark" END,
                  "astrolabe" = CASE WHEN ?6 THEN ?7 ELSE "astrolabe" END,
                  "block" = CASE WHEN ?8 THEN ?9 ELSE "block" END
                WHERE "userId" = ?1 AND "friendId" = ?2)sql");
      st.bind(owner, friend_id, db_time(now), patch.remark.has_value(),
              patch.remark.value_or(std::nullopt), patch.astrolabe.has_value(),
              patch.astrolabe.value_or(false), patch.block.has_value(),
              patch.block.value_or(false));
      return st.run() > 0;
    });
  }

  StoreResult<Done> delete_friendship(UserId a, UserId b, const Notify& del_notify) override {
    return database_->guarded([&] {
      Transaction tx(db_);
      auto settings = db_.prepare(
          R"sql(DELETE FROM "FriendSettings"
                WHERE ("userId" = ?1 AND "friendId" = ?2) OR ("userId" = ?2 AND "friendId" = ?1))sql");
      settings.bind(a, b).run();
      auto friends = db_.prepare(
          R"sql(DELETE FROM "Friends"
                WHERE ("userId" = ?1 AND "friendId" = ?2) OR ("userId" = ?2 AND "friendId" = ?1))sql");
      friends.bind(a, b).run();
      insert_notify(db_, del_notify);
      tx.commit();
      return Done{};
    });
  }

  StoreResult<Done> accept_friend_request(std::string_view notify_id, UserId accepter,
                                          UserId requester, Seconds now) override {
    return database_->guarded([&] {
      Transaction tx(db_);
      const auto ts = db_time(now);
      // F6 step 1: only a request still open (status <= 3) may be fulfilled, exactly once.
      auto notify = db_.prepare(
          R"sql(UPDATE "Notifies" SET "status" = 4, "updatedAt" = ? WHERE "id" = ? AND "status" <= 3)sql");
      if (notify.bind(ts, notify_id).run() != 1)
        throw SqlError(StoreErrc::other, "the friend request is no longer open");
      auto friends = db_.prepare(
          R"sql(INSERT INTO "Friends" ("createdAt", "updatedAt", "userId", "friendId")
                VALUES (?1, ?1, ?2, ?3))sql");
      friends.bind(ts, accepter, requester).run();
      // Both owners' settings rows, remark NULL and flags false (the request's remark is not
      // copied).
      auto settings = db_.prepare(
          R"sql(INSERT INTO "FriendSettings" ("userId", "friendId", "remark", "astrolabe", "block",
                                              "createdAt", "updatedAt")
                VALUES (?1, ?2, NULL, 0, 0, ?3, ?3), (?2, ?1, NULL, 0, 0, ?3, ?3))sql");
      settings.bind(accepter, requester, ts).run();
      tx.commit();
      return Done{};
    });
  }
};

}  // namespace

std::shared_ptr<FriendStore> make_friend_store(std::shared_ptr<SqliteDatabase> database) {
  return std::make_shared<Friends>(std::move(database));
}

}  // namespace im::sqlite
