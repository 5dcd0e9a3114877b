// Friend-request notifications (docs/contract/data-model.md 2.12; docs/contract/http-api.md E1-E3,
// F1, F7).
#include <algorithm>

#include "storage/sqlite/rows.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace im::sqlite {

// Shared with delete_friendship, which inserts its notify inside its own transaction.
void insert_notify(Db& db, const Notify& n) {
  auto st = db.prepare(
      R"sql(INSERT INTO "Notifies" ("id", "type", "sender", "receiver", "status", "timer",
                                    "remark", "ext", "createdAt", "updatedAt")
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?))sql");
  st.bind(n.id, n.type, n.sender, n.receiver, n.status, n.timer, n.remark, n.ext,
          db_time(n.created_at), db_time(n.updated_at))
      .run();
}

namespace {

class Notifies final : public NotifyStore, private Tables {
 public:
  using Tables::Tables;

  StoreResult<Done> create_notify(const Notify& notify) override {
    return database_->guarded([&] {
      insert_notify(db_, notify);
      return Done{};
    });
  }

  StoreResult<std::optional<Notify>> find_notify(std::string_view id) override {
    return database_->guarded([&]() -> std::optional<Notify> {
      static const std::string sql =
          std::string("SELECT ") + kColumns.notify + R"sql( FROM "Notifies" n WHERE n."id" = ?)sql";
      auto st = db_.prepare(sql);
      if (!st.bind(id).step()) return std::nullopt;
      return read_notify(st);
    });
  }

  StoreResult<std::vector<NotifyWithSender>> pending_notifies(UserId receiver) override {
    return database_->guarded([&] {
      // E1: still Initial, oldest first, with the sender's current profile.
      static const std::string sql =
          std::string("SELECT ") + kColumns.notify + ", " + kColumns.user +
          R"sql( FROM "Notifies" n LEFT JOIN "Users" u ON u."id" = n."sender"
                 WHERE n."receiver" = ? AND n."status" = 1
                 ORDER BY n."timer" ASC, n."createdAt" ASC, n."id" ASC)sql";
      return db_.prepare(sql).bind(receiver).all(read_notify_with_sender<Stmt>);
    });
  }

  StoreResult<std::vector<Notify>> notifies_of_user(UserId user) override {
    return database_->guarded([&] {
      static const std::string sql =
          std::string("SELECT ") + kColumns.notify +
          R"sql( FROM "Notifies" n WHERE n."sender" = ?1 OR n."receiver" = ?1
                 ORDER BY n."timer" ASC, n."id" ASC)sql";
      return db_.prepare(sql).bind(user).all([](const Stmt& r) { return read_notify(r); });
    });
  }

  StoreResult<bool> advance_notify(std::string_view id, std::span<const NotifyStatus> from,
                                   NotifyStatus to, Seconds now) override {
    return database_->guarded([&] {
      Transaction tx(db_);
      // B17: move only from an allowed status; the status read and the guarded update are one
      // transaction, and the update re-checks the status it read.
      auto current = db_.prepare(R"sql(SELECT "status" FROM "Notifies" WHERE "id" = ?)sql");
      if (!current.bind(id).step()) return false;
      auto status = static_cast<NotifyStatus>(current.i64(0));
      if (std::find(from.begin(), from.end(), status) == from.end()) return false;
      auto st = db_.prepare(
          R"sql(UPDATE "Notifies" SET "status" = ?, "updatedAt" = ? WHERE "id" = ? AND "status" = ?)sql");
      bool changed = st.bind(to, db_time(now), id, status).run() > 0;
      tx.commit();
      return changed;
    });
  }
};

}  // namespace

std::shared_ptr<NotifyStore> make_notify_store(std::shared_ptr<SqliteDatabase> database) {
  return std::make_shared<Notifies>(std::move(database));
}

}  // namespace im::sqlite
