// The multi-device sync stream, recall and edit (SyncStore; docs/protocol-extensions.md
// "Multi-device sync", "Recall and edit").
#include "im/storage/sync_store.hpp"
#include "storage/sqlite/rows.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "storage/sqlite/sync_clock.hpp"

namespace im::sqlite {

namespace {

class Sync final : public SyncStore, private Tables {
 public:
  using Tables::Tables;

  StoreResult<std::vector<Message>> changes_after(UserId user, std::int64_t after,
                                                  std::int64_t limit) override {
    return database_->read_guarded([&](Db& db) {
      // Each branch walks its own (column, seq) index from `after` and stops after `limit` rows:
      // what the user sent, one-to-one messages to the user, and the messages of the user's
      // groups (their receiver is the group). A message can be in two branches (sent by the user
      // into a group); the union keeps it once.
      static const std::string sql = "SELECT " + kColumns.message +
                                     R"sql( FROM "Messages" m WHERE m."id" IN (
            SELECT "id" FROM (SELECT "id" FROM "Messages" WHERE "sender" = ?1 AND "seq" > ?2
                              ORDER BY "seq" LIMIT ?3)
            UNION
            SELECT "id" FROM (SELECT "id" FROM "Messages" WHERE "receiver" = ?1
                                AND "groupId" IS NULL AND "seq" > ?2 ORDER BY "seq" LIMIT ?3)
            UNION
            SELECT "id" FROM (SELECT x."id" FROM "Members" mb
                              JOIN "Messages" x ON x."receiver" = mb."groupId"
                                               AND x."groupId" = mb."groupId"
                              WHERE mb."userId" = ?1 AND x."seq" > ?2
                              ORDER BY x."seq" LIMIT ?3))
          ORDER BY m."seq" LIMIT ?3)sql";
      return db.prepare(sql).bind(user, after, limit).all([](const Stmt& row) {
        return read_message(row);
      });
    });
  }

  StoreResult<std::optional<Message>> find_message(MessageId id) override {
    return database_->guarded([&] { return load(id); });
  }

  StoreResult<std::optional<Message>> edit_message(MessageId id, const std::string& content,
                                                   Seconds now) override {
    return change(id, now, R"sql(UPDATE "Messages" SET "content" = ?1, "state" = 1, "seq" = ?2,
                                   "updatedAt" = ?3 WHERE "id" = ?4 AND "state" <> 2)sql",
                  content);
  }

  StoreResult<std::optional<Message>> recall_message(MessageId id, Seconds now) override {
    return change(id, now, R"sql(UPDATE "Messages" SET "content" = NULL, "ext" = NULL,
                                   "state" = 2, "seq" = ?2, "updatedAt" = ?3
                                 WHERE "id" = ?4 AND "state" <> 2)sql",
                  std::nullopt);
  }

 private:
  // One change: the update with the next seq, or nothing when it matches no row (then the seq
  // is not taken). Answers the message as it is afterwards; recalling a recalled message
  // answers it unchanged.
  StoreResult<std::optional<Message>> change(MessageId id, Seconds now, const char* update,
                                             std::optional<std::string> content) {
    return database_->guarded([&]() -> std::optional<Message> {
      Transaction tx(db_);
      auto current = load(id);
      if (!current) return std::nullopt;
      const bool recall = !content;
      if (current->state == MessageState::recalled) return recall ? current : std::nullopt;
      const std::int64_t seq = take_sync_seqs(db_, 1);
      db_.prepare(update).bind(content, seq, db_time(now), id).run();
      auto changed = load(id);
      tx.commit();
      return changed;
    });
  }

  std::optional<Message> load(MessageId id) {
    static const std::string sql =
        "SELECT " + kColumns.message + R"sql( FROM "Messages" m WHERE m."id" = ?)sql";
    auto st = db_.prepare(sql);
    if (!st.bind(id).step()) return std::nullopt;
    return read_message(st);
  }
};

}  // namespace

std::shared_ptr<SyncStore> make_sync_store(std::shared_ptr<SqliteDatabase> database) {
  return std::make_shared<Sync>(std::move(database));
}

}  // namespace im::sqlite
