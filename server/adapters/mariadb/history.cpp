// Conversations read back (HistoryStore; docs/protocol-extensions.md "History and
// conversations", "Search"), the same queries as the SQLite adapter's in MariaDB's dialect. Search
// is a LIKE scan of the user's own messages: MariaDB's FULLTEXT parsers split words at spaces
// and punctuation, which finds nothing inside Chinese text, and it has no n-gram parser.
#include <string>

#include "im/sql_like.hpp"
#include "im/storage/history_store.hpp"
#include "server/adapters/mariadb/rows.hpp"
#include "server/adapters/mariadb/store.hpp"

namespace im::host::mariadb {

namespace {

class History final : public HistoryStore, private Tables {
 public:
  using Tables::Tables;

  StoreResult<std::vector<Message>> peer_history(UserId user, UserId peer,
                                                 const HistoryPage& page) override {
    return database_->run([&](Lease& l) {
      // One branch per direction, each a backwards walk of Messages_receiver_id that stops after
      // `limit` rows; the second is empty for notes to oneself, which the first already has.
      static const std::string sql =
          "(SELECT " + kColumns.message +
          " FROM `Messages` m WHERE m.`receiver` = ? AND m.`sender` = ? AND m.`groupId` IS NULL "
          "AND m.`id` < ? ORDER BY m.`id` DESC LIMIT ?) UNION ALL (SELECT " +
          kColumns.message +
          " FROM `Messages` m WHERE m.`receiver` = ? AND m.`sender` = ? AND m.`groupId` IS NULL "
          "AND m.`id` < ? AND ? <> ? ORDER BY m.`id` DESC LIMIT ?) ORDER BY 1 DESC LIMIT ?";
      const MessageId below = page.below();
      auto rows = l->query(sql, {peer, user, below, page.limit, user, peer, below, user, peer,
                                 page.limit, page.limit});
      return read_all(rows, [](const Row& row) { return read_message(row); });
    });
  }

  StoreResult<std::vector<Message>> group_history(GroupId group, const HistoryPage& page) override {
    return database_->run([&](Lease& l) {
      static const std::string sql = "SELECT " + kColumns.message +
                                     " FROM `Messages` m WHERE m.`groupId` = ? AND m.`id` < ? "
                                     "ORDER BY m.`id` DESC LIMIT ?";
      auto rows = l->query(sql, {group, page.below(), page.limit});
      return read_all(rows, [](const Row& row) { return read_message(row); });
    });
  }

  StoreResult<std::vector<Conversation>> conversations(UserId user) override {
    return database_->run([&](Lease& l) {
      static const std::string sql =
          "WITH latest (peer, grp, lastId) AS ("
          " SELECT IF(`sender` = ?, `receiver`, `sender`), NULL, MAX(`id`) FROM `Messages`"
          "  WHERE `groupId` IS NULL AND (`sender` = ? OR `receiver` = ?) GROUP BY 1"
          " UNION ALL"
          " SELECT NULL, b.`groupId`,"
          "  (SELECT MAX(x.`id`) FROM `Messages` x WHERE x.`groupId` = b.`groupId`)"
          "  FROM `Members` b WHERE b.`userId` = ?)"
          " SELECT l.peer, l.grp,"
          "  IF(l.grp IS NULL,"
          "   (SELECT COUNT(*) FROM `Messages` u WHERE u.`receiver` = ? AND u.`sender` = l.peer"
          "     AND u.`groupId` IS NULL AND u.`id` > COALESCE((SELECT r.`lastRead` FROM"
          "     `MessageReads` r WHERE r.`sender` = ? AND r.`receiver` = l.peer), 0)),"
          "   (SELECT COUNT(*) FROM `Messages` u WHERE u.`groupId` = l.grp AND u.`sender` <> ?"
          "     AND u.`id` > COALESCE((SELECT r.`lastRead` FROM `MessageReads` r"
          "     WHERE r.`sender` = l.grp AND r.`receiver` = ?), 0))), " +
          kColumns.message +
          " FROM latest l JOIN `Messages` m ON m.`id` = l.lastId ORDER BY l.lastId DESC";
      auto rows = l->query(sql, {user, user, user, user, user, user, user, user});
      return read_all(rows, read_conversation<Row>);
    });
  }

  StoreResult<std::vector<Message>> search_messages(UserId user, std::string_view text,
                                                    const HistoryPage& page) override {
    return database_->run([&](Lease& l) {
      // The user's own messages through three index ranges (sender, receiver, the groups the
      // user is in now), then the substring test; utf8mb4_general_ci folds case.
      static const std::string sql =
          "SELECT " + kColumns.message +
          " FROM `Messages` m WHERE m.`id` IN ("
          "  SELECT `id` FROM `Messages` WHERE `sender` = ? AND `groupId` IS NULL"
          "  UNION ALL SELECT `id` FROM `Messages` WHERE `receiver` = ? AND `groupId` IS NULL"
          "  UNION ALL SELECT x.`id` FROM `Members` b JOIN `Messages` x"
          "   ON x.`groupId` = b.`groupId` WHERE b.`userId` = ?)"
          " AND m.`type` = 'text' AND m.`id` < ? AND m.`content` LIKE ?"
          " ORDER BY m.`id` DESC LIMIT ?";
      const std::string pattern = like_contains(text);
      auto rows = l->query(sql, {user, user, user, page.below(), pattern, page.limit});
      return read_all(rows, [](const Row& row) { return read_message(row); });
    });
  }
};

}  // namespace

std::shared_ptr<HistoryStore> make_history_store(std::shared_ptr<MariaDbDatabase> database) {
  return std::make_shared<History>(std::move(database));
}

}  // namespace im::host::mariadb
