// Chat messages: the batched append, the offline pull and read receipts
// (docs/contract/data-model.md 2.9, 2.11; docs/contract/realtime.md 8; docs/contract/http-api.md
// E4).
#include "storage/sqlite/rows.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace im::sqlite {

StoreResult<std::vector<MessageId>> SqliteStore::append_messages(std::span<const Message> batch,
                                                                 Seconds now) {
  return guarded([&] {
    std::vector<MessageId> ids;
    ids.reserve(batch.size());
    if (batch.empty()) return ids;
    Transaction tx(db_);  // the whole batch or nothing: one commit per batch (group commit)
    const auto ts = db_time(now);
    for (const Message& m : batch) {
      auto insert = db_.prepare(
          R"sql(INSERT INTO "Messages" ("msgId", "type", "sender", "groupId", "receiver",
                                        "content", "timer", "ext", "createdAt", "updatedAt")
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9))sql");
      insert.bind(m.msg_id, m.type, m.sender, m.group_id, m.receiver, m.content, m.timer, m.ext, ts)
          .run();
      const MessageId id = db_.last_insert_rowid();
      ids.push_back(id);
      // The pending-delivery records travel with the message, so a crash before the outcome is
      // recorded still counts as a failed delivery at the next start
      // (docs/contract/realtime.md 8.2).
      if (m.group_id) {
        auto pending = db_.prepare(
            R"sql(INSERT INTO "PendingDeliveries" ("receiver", "messageId", "queuedAt")
                  SELECT "userId", ?1, ?4 FROM "Members" WHERE "groupId" = ?2 AND "userId" <> ?3
                  ON CONFLICT DO NOTHING)sql");
        pending.bind(id, *m.group_id, m.sender, now).run();
      } else {
        auto pending = db_.prepare(
            R"sql(INSERT INTO "PendingDeliveries" ("receiver", "messageId", "queuedAt")
                  VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING)sql");
        pending.bind(m.receiver, id, now).run();
      }
    }
    tx.commit();
    return ids;
  });
}

StoreResult<MessagePage> SqliteStore::pending_messages(UserId receiver, std::int64_t offset,
                                                       std::int64_t limit) {
  return guarded([&] {
    // E4: after the caller's lastAck (NULL or no row = 0, B6); one-to-one messages to the caller
    // (groupId IS NULL, J26) or messages of the caller's groups, including the caller's own.
    static constexpr const char* kMatch =
        R"sql( FROM "Messages" m
               WHERE m."id" > COALESCE((SELECT a."lastAck" FROM "MessageAcks" a
                                        WHERE a."receiver" = ?1), 0)
                 AND ((m."receiver" = ?1 AND m."groupId" IS NULL)
                      OR m."groupId" IN (SELECT mb."groupId" FROM "Members" mb
                                         WHERE mb."userId" = ?1)))sql";
    static const std::string count_sql = std::string("SELECT COUNT(*)") + kMatch;
    static const std::string page_sql =
        std::string("SELECT ") + kMessageColumns + ", " + kUserColumns + " FROM (SELECT m.*" +
        kMatch +
        R"sql( ORDER BY m."timer" DESC, m."id" DESC LIMIT ?2 OFFSET ?3) m
               LEFT JOIN "Users" u ON u."id" = m."sender"
               ORDER BY m."timer" DESC, m."id" DESC)sql";
    // The count and the page come from one snapshot.
    Transaction snapshot(db_, Transaction::read);
    MessagePage page;
    {
      auto count = db_.prepare(count_sql);
      count.bind(receiver);
      if (count.step()) page.count = count.i64(0);
    }
    auto st = db_.prepare(page_sql);
    st.bind(receiver, limit, offset);
    while (st.step())
      page.items.push_back(
          MessageWithSender{read_message(st), read_optional_user(st, kMessageColumnCount)});
    snapshot.commit();
    return page;
  });
}

StoreResult<Done> SqliteStore::upsert_read(std::int64_t sender, UserId receiver,
                                           MessageId last_read, Seconds now) {
  return guarded([&] {
    // One row per (sender, receiver), kept by the unique key (docs/contract/data-model.md 2.11).
    auto st = db_.prepare(
        R"sql(INSERT INTO "MessageReads" ("sender", "receiver", "lastRead", "createdAt", "updatedAt")
              VALUES (?1, ?2, ?3, ?4, ?4)
              ON CONFLICT ("sender", "receiver")
              DO UPDATE SET "lastRead" = excluded."lastRead", "updatedAt" = excluded."updatedAt")sql");
    st.bind(sender, receiver, last_read, db_time(now)).run();
    return Done{};
  });
}

}  // namespace im::sqlite
