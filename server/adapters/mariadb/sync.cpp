// The multi-device sync stream, recall and edit (SyncStore; docs/protocol-extensions.md
// "Multi-device sync", "Recall and edit"), the same queries as the SQLite adapter's in MariaDB's
// dialect.
#include <string>

#include "im/storage/sync_store.hpp"
#include "server/adapters/mariadb/rows.hpp"
#include "server/adapters/mariadb/store.hpp"
#include "server/adapters/mariadb/sync_clock.hpp"

namespace im::host::mariadb {

namespace {

class Sync final : public SyncStore, private Tables {
 public:
  using Tables::Tables;

  StoreResult<std::vector<Message>> changes_after(UserId user, std::int64_t after,
                                                  std::int64_t limit) override {
    return database_->run([&](Lease& l) {
      // Each branch walks its own (column, seq) index from `after` and stops after `limit` rows;
      // one statement reads one snapshot, in which the clock's lock guarantees no seq is missing
      // below the highest one visible.
      static const std::string sql =
          "SELECT " + kColumns.message +
          " FROM ((SELECT `id` FROM `Messages` WHERE `sender` = ? AND `seq` > ? ORDER BY `seq` "
          "LIMIT ?) UNION (SELECT `id` FROM `Messages` WHERE `receiver` = ? AND `groupId` IS NULL "
          "AND `seq` > ? ORDER BY `seq` LIMIT ?) UNION (SELECT x.`id` FROM `Members` mb JOIN "
          "`Messages` x ON x.`receiver` = mb.`groupId` AND x.`groupId` = mb.`groupId` WHERE "
          "mb.`userId` = ? AND x.`seq` > ? ORDER BY x.`seq` LIMIT ?)) ids JOIN `Messages` m ON "
          "m.`id` = ids.`id` ORDER BY m.`seq` LIMIT ?";
      auto rows =
          l->query(sql, {user, after, limit, user, after, limit, user, after, limit, limit});
      return read_all(rows, [](const Row& r) { return read_message(r); });
    });
  }

  StoreResult<std::optional<Message>> find_message(MessageId id) override {
    return database_->run([&](Lease& l) { return load(*l, id, false); });
  }

  StoreResult<std::optional<Message>> edit_message(MessageId id, const std::string& content,
                                                   Seconds now) override {
    return change(id, now, content);
  }

  StoreResult<std::optional<Message>> recall_message(MessageId id, Seconds now) override {
    return change(id, now, std::nullopt);
  }

 private:
  // One change (content = nullopt: a recall) with the next seq, or nothing when there is no such
  // message; a recalled message is not edited, and recalling it again answers it unchanged.
  StoreResult<std::optional<Message>> change(MessageId id, Seconds now,
                                             const std::optional<std::string>& content) {
    return database_->run_tx([&](Lease& l) -> std::optional<Message> {
      auto current = load(*l, id, true);
      if (!current) return std::nullopt;
      if (current->state == MessageState::recalled)
        return content ? std::nullopt : std::move(current);
      const std::int64_t seq = take_sync_seqs(*l, 1);
      const std::string t = db_time(now);
      if (content) {
        l->exec(
            "UPDATE `Messages` SET `content` = ?, `state` = 1, `seq` = ?, `updatedAt` = ? "
            "WHERE `id` = ?",
            {*content, seq, t, id});
      } else {
        l->exec(
            "UPDATE `Messages` SET `content` = NULL, `ext` = NULL, `state` = 2, `seq` = ?, "
            "`updatedAt` = ? WHERE `id` = ?",
            {seq, t, id});
      }
      return load(*l, id, false);
    });
  }

  static std::optional<Message> load(MariaDbConnection& c, MessageId id, bool for_update) {
    static const std::string sql =
        "SELECT " + kColumns.message + " FROM `Messages` m WHERE m.`id` = ?";
    auto rows = c.query(for_update ? sql + " FOR UPDATE" : sql, {id});
    if (rows.empty()) return std::nullopt;
    return read_message(rows[0]);
  }
};

}  // namespace

std::shared_ptr<SyncStore> make_sync_store(std::shared_ptr<MariaDbDatabase> database) {
  return std::make_shared<Sync>(std::move(database));
}

}  // namespace im::host::mariadb
