// Who hides their presence, and a user's friends with their settings (PresenceStore;
// docs/protocol-extensions.md "Presence").
#include "im/storage/presence_store.hpp"
#include "storage/sqlite/rows.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace im::sqlite {

namespace {

class Presence final : public PresenceStore, private Tables {
 public:
  using Tables::Tables;

  StoreResult<Done> set_presence_hidden(UserId user, bool hidden) override {
    return database_->guarded([&] {
      auto st = db_.prepare(
          R"sql(INSERT INTO "PresenceSettings" ("userId", "hidden") VALUES (?, ?)
                ON CONFLICT ("userId") DO UPDATE SET "hidden" = excluded."hidden")sql");
      st.bind(user, hidden ? 1 : 0).run();
      return Done{};
    });
  }

  StoreResult<bool> presence_hidden(UserId user) override {
    return database_->read_guarded([&](Db& db) {
      auto st = db.prepare(R"sql(SELECT "hidden" FROM "PresenceSettings" WHERE "userId" = ?)sql");
      return st.bind(user).step() && st.i64(0) != 0;
    });
  }

  StoreResult<std::vector<PresenceFriend>> presence_friends(UserId user) override {
    return database_->read_guarded([&](Db& db) {
      auto st = db.prepare(
          R"sql(SELECT f."id", COALESCE(p."hidden", 0) FROM
                  (SELECT "friendId" AS "id" FROM "Friends" WHERE "userId" = ?1
                   UNION SELECT "userId" FROM "Friends" WHERE "friendId" = ?1) f
                LEFT JOIN "PresenceSettings" p ON p."userId" = f."id"
                WHERE f."id" IS NOT NULL ORDER BY f."id")sql");
      return st.bind(user).all([](const Stmt& row) {
        return PresenceFriend{row.i64(0), row.i64(1) != 0};
      });
    });
  }
};

}  // namespace

std::shared_ptr<PresenceStore> make_presence_store(std::shared_ptr<SqliteDatabase> database) {
  return std::make_shared<Presence>(std::move(database));
}

}  // namespace im::sqlite
