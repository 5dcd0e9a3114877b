// Users (docs/contract/data-model.md 2.1).
#include <algorithm>

#include "storage/sqlite/rows.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace im::sqlite {
namespace {

std::optional<User> load_user(Db& db, UserId id) {
  static const std::string sql =
      std::string("SELECT ") + kColumns.user + R"sql( FROM "Users" u WHERE u."id" = ?)sql";
  auto st = db.prepare(sql);
  if (!st.bind(id).step()) return std::nullopt;
  return read_user(st);
}

class Users final : public UserStore, private Tables {
 public:
  using Tables::Tables;

  StoreResult<User> create_user(const NewUser& user) override {
    return database_->guarded([&] {
      const auto ts = db_time(user.now);
      auto st = db_.prepare(
          R"sql(INSERT INTO "Users" ("account", "pwd", "avatar", "email", "regisTime", "updateTime",
                                     "roleId") VALUES (?, ?, ?, ?, ?, ?, ?))sql");
      st.bind(user.account, user.pwd_hash, user.avatar, user.email, ts, ts, user.role_id).run();
      return inserted_user(db_.last_insert_rowid(), user);
    });
  }

  StoreResult<std::optional<User>> find_user(UserId id) override {
    return database_->guarded([&] { return load_user(db_, id); });
  }

  StoreResult<std::optional<User>> find_user_by_account(std::string_view account) override {
    return database_->guarded([&]() -> std::optional<User> {
      static const std::string sql =
          std::string("SELECT ") + kColumns.user + R"sql( FROM "Users" u WHERE u."account" = ?)sql";
      auto st = db_.prepare(sql);
      if (!st.bind(account).step()) return std::nullopt;
      return read_user(st);
    });
  }

  StoreResult<std::vector<User>> find_users(std::span<const UserId> ids) override {
    return database_->guarded([&] {
      // One indexed lookup per id keeps the statement fixed (and cached) for any list length.
      std::vector<UserId> wanted(ids.begin(), ids.end());
      std::sort(wanted.begin(), wanted.end());
      wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
      std::vector<User> users;
      for (UserId id : wanted)
        if (auto u = load_user(db_, id)) users.push_back(std::move(*u));
      return users;
    });
  }

  StoreResult<std::optional<User>> update_user(UserId id, const UserPatch& patch,
                                               Seconds now) override {
    return database_->guarded([&]() -> std::optional<User> {
      Transaction tx(db_);
      // Absent keys keep their column; present ones (even null) are written (storage/patch.hpp).
      // One fixed statement with "apply" flags instead of SQL assembled per patch shape.
      auto st = db_.prepare(
          R"sql(UPDATE "Users" SET "updateTime" = ?1,
                  "email" = CASE WHEN ?3 THEN ?4 ELSE "email" END,
                  "avatar" = CASE WHEN ?5 THEN ?6 ELSE "avatar" END
                WHERE "id" = ?2)sql");
      st.bind(db_time(now), id, patch.email.has_value(), patch.email.value_or(std::nullopt),
              patch.avatar.has_value(), patch.avatar.value_or(std::nullopt));
      if (st.run() == 0) return std::nullopt;
      auto user = load_user(db_, id);
      tx.commit();
      return user;
    });
  }

  StoreResult<bool> delete_user(UserId id) override {
    return database_->guarded([&] {
      Transaction tx(db_);
      // Members rows cascade; rows that still reference the user as sender or friend make the
      // delete fail with foreign_key and the transaction roll back (J13).
      auto pending = db_.prepare(R"sql(DELETE FROM "PendingDeliveries" WHERE "receiver" = ?)sql");
      pending.bind(id).run();
      auto st = db_.prepare(R"sql(DELETE FROM "Users" WHERE "id" = ?)sql");
      bool deleted = st.bind(id).run() > 0;
      tx.commit();
      return deleted;
    });
  }
};

}  // namespace

std::shared_ptr<UserStore> make_user_store(std::shared_ptr<SqliteDatabase> database) {
  return std::make_shared<Users>(std::move(database));
}

}  // namespace im::sqlite
