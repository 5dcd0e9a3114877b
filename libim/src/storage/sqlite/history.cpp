// Conversations read back (HistoryStore; docs/protocol-extensions.md "History and
// conversations"). Reads run on a reader connection of a file database, so a long history page
// never holds up the message writer.
#include <string>

#include "im/log_format.hpp"
#include "im/sql_like.hpp"
#include "im/storage/history_store.hpp"
#include "im/text.hpp"
#include "storage/sqlite/rows.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace im::sqlite {

namespace {

// The trigram index matches substrings of 3 or more characters.
constexpr std::size_t kTrigram = 3;

// `text` as one FTS5 phrase: a string in double quotes, inner quotes doubled, so no character of
// it is query syntax.
std::string fts_phrase(std::string_view text) {
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + '"';
}

class History final : public HistoryStore, private Tables {
 public:
  using Tables::Tables;

  StoreResult<std::vector<Message>> peer_history(UserId user, UserId peer,
                                                 const HistoryPage& page) override {
    return database_->read_guarded([&](Db& db) {
      // One branch per direction, each a backwards walk of Messages_receiver_id that stops after
      // `limit` rows; the second is empty for notes to oneself, which the first already has.
      static const std::string sql = "SELECT * FROM (SELECT " + kColumns.message +
                                     R"sql( FROM "Messages" m
               WHERE m."receiver" = ?2 AND m."sender" = ?1 AND m."groupId" IS NULL AND m."id" < ?3
               ORDER BY m."id" DESC LIMIT ?4)
             UNION ALL
             SELECT * FROM (SELECT )sql" +
                                     kColumns.message + R"sql( FROM "Messages" m
               WHERE m."receiver" = ?1 AND m."sender" = ?2 AND m."groupId" IS NULL AND m."id" < ?3
                 AND ?1 <> ?2
               ORDER BY m."id" DESC LIMIT ?4)
             ORDER BY 1 DESC LIMIT ?4)sql";
      return db.prepare(sql).bind(user, peer, page.below(), page.limit).all([](const Stmt& row) {
        return read_message(row);
      });
    });
  }

  StoreResult<std::vector<Message>> group_history(GroupId group, const HistoryPage& page) override {
    return database_->read_guarded([&](Db& db) {
      static const std::string sql = "SELECT " + kColumns.message + R"sql( FROM "Messages" m
             WHERE m."groupId" = ?1 AND m."id" < ?2 ORDER BY m."id" DESC LIMIT ?3)sql";
      return db.prepare(sql).bind(group, page.below(), page.limit).all([](const Stmt& row) {
        return read_message(row);
      });
    });
  }

  StoreResult<std::vector<Conversation>> conversations(UserId user) override {
    return database_->read_guarded([&](Db& db) {
      // The newest message per peer (one pass over the user's one-to-one messages) and per
      // group of the user (an index seek on Messages_groupId_id each), then the unread count
      // after the user's read receipt of that conversation.
      static const std::string sql = R"sql(
        WITH "latest" ("peer", "grp", "lastId") AS (
          SELECT CASE WHEN "sender" = ?1 THEN "receiver" ELSE "sender" END, NULL, MAX("id")
            FROM "Messages" WHERE "groupId" IS NULL AND ("sender" = ?1 OR "receiver" = ?1)
            GROUP BY 1
          UNION ALL
          SELECT NULL, b."groupId",
                 (SELECT MAX(x."id") FROM "Messages" x WHERE x."groupId" = b."groupId")
            FROM "Members" b WHERE b."userId" = ?1)
        SELECT l."peer", l."grp",
          CASE WHEN l."grp" IS NULL THEN
            (SELECT COUNT(*) FROM "Messages" u
              WHERE u."receiver" = ?1 AND u."sender" = l."peer" AND u."groupId" IS NULL
                AND u."id" > COALESCE((SELECT r."lastRead" FROM "MessageReads" r
                                       WHERE r."sender" = ?1 AND r."receiver" = l."peer"), 0))
          ELSE
            (SELECT COUNT(*) FROM "Messages" u
              WHERE u."groupId" = l."grp" AND u."sender" <> ?1
                AND u."id" > COALESCE((SELECT r."lastRead" FROM "MessageReads" r
                                       WHERE r."sender" = l."grp" AND r."receiver" = ?1), 0))
          END, )sql" + kColumns.message +
                                     R"sql(
        FROM "latest" l JOIN "Messages" m ON m."id" = l."lastId"
        ORDER BY l."lastId" DESC)sql";
      return db.prepare(sql).bind(user).all(read_conversation<Stmt>);
    });
  }

  StoreResult<std::vector<Message>> search_messages(UserId user, std::string_view text,
                                                    const HistoryPage& page) override {
    const bool use_index = utf8_length(text).value_or(0) >= kTrigram;
    const MessageId indexed_up_to = use_index ? catch_up_index() : 0;
    return database_->read_guarded([&](Db& db) {
      // The caller's conversations: what the user sent or received one-to-one, and the groups
      // the user is in now.
      static const std::string in_scope = R"sql(
          AND m."type" = 'text' AND m."id" < ?3
          AND ((m."groupId" IS NULL AND (m."sender" = ?1 OR m."receiver" = ?1))
               OR m."groupId" IN (SELECT b."groupId" FROM "Members" b WHERE b."userId" = ?1)))sql";
      // The user's own messages above ?5 (three index ranges) that contain the text.
      static const std::string scanned = "SELECT " + kColumns.message + R"sql( FROM "Messages" m
        WHERE m."id" IN (SELECT "id" FROM "Messages"
                           WHERE "sender" = ?1 AND "groupId" IS NULL AND "id" > ?5
                         UNION ALL
                         SELECT "id" FROM "Messages"
                           WHERE "receiver" = ?1 AND "groupId" IS NULL AND "id" > ?5
                         UNION ALL
                         SELECT x."id" FROM "Members" b JOIN "Messages" x ON x."groupId" = b."groupId"
                           WHERE b."userId" = ?1 AND x."id" > ?5)
          AND m."content" LIKE ?6 ESCAPE '\')sql" +
                                         in_scope;
      // The index up to ?5, and whatever a failed or partial catch-up left above it.
      static const std::string indexed = "SELECT * FROM (SELECT " + kColumns.message +
                                         R"sql( FROM "MessagesSearch" s
          JOIN "Messages" m ON m."id" = s.rowid
          WHERE "MessagesSearch" MATCH ?2 AND m."id" <= ?5)sql" +
                                         in_scope + " UNION ALL " + scanned +
                                         ") ORDER BY 1 DESC LIMIT ?4";
      // Shorter than a trigram: the scan alone, from the user's first message.
      static const std::string short_text =
          "SELECT * FROM (" + scanned + ") ORDER BY 1 DESC LIMIT ?4";
      auto st = db.prepare(use_index ? indexed : short_text);
      return st
          .bind(user, fts_phrase(text), page.below(), page.limit, indexed_up_to,
                like_contains(text))
          .all([](const Stmt& row) { return read_message(row); });
    });
  }

 private:
  // Indexes the text messages stored since the last catch-up, kCatchUpChunk at a time, each
  // chunk one short transaction on the main connection so the message writer is held up briefly;
  // at most kCatchUpChunks per search (the rest is scanned, and indexed by the next searches).
  // Returns how far the index reaches.
  MessageId catch_up_index() {
    MessageId up_to = 0;
    for (int chunk = 0; chunk < kCatchUpChunks; ++chunk) {
      auto reached = database_->guarded([&] {
        Transaction tx(db_);
        auto state = db_.prepare(R"sql(SELECT "indexedUpTo" FROM "MessagesSearchState")sql");
        const MessageId from = state.step() ? state.i64(0) : 0;
        auto last = db_.prepare(R"sql(SELECT MAX("id") FROM (SELECT "id" FROM "Messages"
                                      WHERE "id" > ? ORDER BY "id" LIMIT ?))sql");
        const MessageId to =
            last.bind(from, kCatchUpChunk).step() ? last.opt_i64(0).value_or(from) : from;
        if (to == from) return std::pair{from, true};
        auto index = db_.prepare(
            R"sql(INSERT INTO "MessagesSearch" (rowid, "content")
                  SELECT "id", "content" FROM "Messages"
                  WHERE "id" > ?1 AND "id" <= ?2 AND "type" = 'text')sql");
        index.bind(from, to).run();
        auto advance = db_.prepare(R"sql(UPDATE "MessagesSearchState" SET "indexedUpTo" = ?)sql");
        advance.bind(to).run();
        tx.commit();
        return std::pair{to, false};
      });
      if (!reached) {
        log::warn("search index catch-up failed: {}", reached.error().detail);
        break;
      }
      up_to = reached->first;
      if (reached->second) break;
    }
    return up_to;
  }

  static constexpr std::int64_t kCatchUpChunk = 2000;
  static constexpr int kCatchUpChunks = 10;
};

}  // namespace

std::shared_ptr<HistoryStore> make_history_store(std::shared_ptr<SqliteDatabase> database) {
  return std::make_shared<History>(std::move(database));
}

}  // namespace im::sqlite
