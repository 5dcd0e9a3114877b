// Banned users, the audit log, deleting a message for everyone and the summary's counts
// (AdminStore; docs/operations.md "Admin API").
#include "im/storage/admin_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace im::sqlite {

namespace {

class Admin final : public AdminStore, private Tables {
 public:
  using Tables::Tables;

  StoreResult<bool> add_ban(UserId user, UserId by, Seconds now) override {
    return database_->guarded([&] {
      auto st = db_.prepare(
          R"sql(INSERT INTO "Bans" ("userId", "bannedBy", "createdAt") VALUES (?, ?, ?)
                ON CONFLICT DO NOTHING)sql");
      return st.bind(user, by, db_time(now)).run() > 0;
    });
  }

  StoreResult<bool> remove_ban(UserId user) override {
    return database_->guarded([&] {
      auto st = db_.prepare(R"sql(DELETE FROM "Bans" WHERE "userId" = ?)sql");
      return st.bind(user).run() > 0;
    });
  }

  StoreResult<bool> is_banned(UserId user) override {
    return database_->guarded([&] {
      auto st = db_.prepare(R"sql(SELECT 1 FROM "Bans" WHERE "userId" = ?)sql");
      return st.bind(user).step();
    });
  }

  StoreResult<bool> delete_message(MessageId id) override {
    return database_->guarded([&] {
      Transaction tx(db_);
      auto pending = db_.prepare(R"sql(DELETE FROM "PendingDeliveries" WHERE "messageId" = ?)sql");
      pending.bind(id).run();
      // The search index's trigger removes the content from MessagesSearch too.
      auto st = db_.prepare(R"sql(DELETE FROM "Messages" WHERE "id" = ?)sql");
      const bool deleted = st.bind(id).run() > 0;
      tx.commit();
      return deleted;
    });
  }

  StoreResult<std::int64_t> append_audit(const AuditEntry& entry) override {
    return database_->guarded([&] {
      auto st = db_.prepare(
          R"sql(INSERT INTO "AuditLog" ("actor", "action", "target", "detail", "createdAt")
                VALUES (?, ?, ?, ?, ?))sql");
      st.bind(entry.actor, entry.action, entry.target, entry.detail, db_time(entry.created_at))
          .run();
      return db_.last_insert_rowid();
    });
  }

  StoreResult<std::vector<AuditEntry>> list_audit(std::optional<std::int64_t> before,
                                                  std::int64_t limit) override {
    return database_->guarded([&] {
      auto st = db_.prepare(
          R"sql(SELECT "id", "actor", "action", "target", "detail", "createdAt" FROM "AuditLog"
                WHERE ?1 IS NULL OR "id" < ?1 ORDER BY "id" DESC LIMIT ?2)sql");
      return st.bind(before, limit).all([](const Stmt& row) {
        return AuditEntry{row.i64(0),  row.i64(1),  row.text(2),
                          row.text(3), row.text(4), row.opt_time(5).value_or(0)};
      });
    });
  }

  StoreResult<std::int64_t> count_users() override {
    return database_->guarded([&] {
      auto st = db_.prepare(R"sql(SELECT COUNT(*) FROM "Users")sql");
      return st.step() ? st.i64(0) : std::int64_t{0};
    });
  }
};

}  // namespace

std::shared_ptr<AdminStore> make_admin_store(std::shared_ptr<SqliteDatabase> database) {
  return std::make_shared<Admin>(std::move(database));
}

}  // namespace im::sqlite
