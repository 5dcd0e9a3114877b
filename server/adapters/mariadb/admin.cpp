// Banned users, the audit log, deleting a message for everyone and the summary's counts
// (AdminStore; docs/operations.md "Admin API").
#include "im/storage/admin_store.hpp"
#include "server/adapters/mariadb/rows.hpp"
#include "server/adapters/mariadb/store.hpp"

namespace im::host::mariadb {

namespace {

class Admin final : public AdminStore, private Tables {
 public:
  using Tables::Tables;

  StoreResult<bool> add_ban(UserId user, UserId by, Seconds now) override {
    return database_->run([&](Lease& l) {
      // IGNORE only ever skips the duplicate key (the service has checked that the user exists).
      return l->exec(
                 "INSERT IGNORE INTO `Bans` (`userId`, `bannedBy`, `createdAt`) VALUES (?, ?, ?)",
                 {user, by, db_time(now)}) > 0;
    });
  }

  StoreResult<bool> remove_ban(UserId user) override {
    return database_->run(
        [&](Lease& l) { return l->exec("DELETE FROM `Bans` WHERE `userId` = ?", {user}) > 0; });
  }

  StoreResult<bool> is_banned(UserId user) override {
    return database_->run([&](Lease& l) {
      return !l->query("SELECT 1 FROM `Bans` WHERE `userId` = ?", {user}).empty();
    });
  }

  StoreResult<bool> delete_message(MessageId id) override {
    return database_->run_tx([&](Lease& l) {
      l->exec("DELETE FROM `PendingDeliveries` WHERE `messageId` = ?", {id});
      return l->exec("DELETE FROM `Messages` WHERE `id` = ?", {id}) > 0;
    });
  }

  StoreResult<std::int64_t> append_audit(const AuditEntry& entry) override {
    return database_->run([&](Lease& l) {
      l->exec(
          "INSERT INTO `AuditLog` (`actor`, `action`, `target`, `detail`, `createdAt`) "
          "VALUES (?, ?, ?, ?, ?)",
          {entry.actor, entry.action, entry.target, entry.detail, db_time(entry.created_at)});
      return static_cast<std::int64_t>(l->last_insert_id());
    });
  }

  StoreResult<std::vector<AuditEntry>> list_audit(std::optional<std::int64_t> before,
                                                  std::int64_t limit) override {
    return database_->run([&](Lease& l) {
      auto rows = l->query(
          "SELECT `id`, `actor`, `action`, `target`, `detail`, `createdAt` FROM `AuditLog` "
          "WHERE ? IS NULL OR `id` < ? ORDER BY `id` DESC LIMIT ?",
          {before, before, limit});
      return read_all(rows, [](const Row& row) {
        return AuditEntry{row.i64(0),  row.i64(1),  row.text(2),
                          row.text(3), row.text(4), row.opt_time(5).value_or(0)};
      });
    });
  }

  StoreResult<std::int64_t> count_users() override {
    return database_->run([&](Lease& l) {
      auto rows = l->query("SELECT COUNT(*) FROM `Users`");
      return rows.empty() ? std::int64_t{0} : rows[0].i64(0);
    });
  }
};

}  // namespace

std::shared_ptr<AdminStore> make_admin_store(std::shared_ptr<MariaDbDatabase> database) {
  return std::make_shared<Admin>(std::move(database));
}

}  // namespace im::host::mariadb
