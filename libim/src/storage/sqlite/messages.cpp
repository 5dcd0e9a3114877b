// Chat messages: the batched append, the offline pull and read receipts
// (docs/contract/data-model.md 2.9, 2.11; docs/contract/realtime.md 8; docs/contract/http-api.md
// E4), and the delivery bookkeeping: MessageAcks and the pending-delivery records
// (docs/contract/realtime.md 8; docs/contract/http-api.md E5). Every update of a receiver's row
// happens under the connection mutex inside a transaction, which serialises the updates per
// receiver (8.2).
#include <map>

#include "im/delivery_rule.hpp"
#include "storage/sqlite/rows.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "storage/sqlite/sync_clock.hpp"

namespace im::sqlite {

namespace {

class Messages final : public MessageStore, private Tables {
 public:
  using Tables::Tables;

  StoreResult<std::vector<MessageId>> append_messages(std::span<const Message> batch,
                                                      Seconds now) override {
    return database_->guarded([&] {
      std::vector<MessageId> ids;
      ids.reserve(batch.size());
      if (batch.empty()) return ids;
      Transaction tx(db_);  // the whole batch or nothing: one commit per batch (group commit)
      const auto ts = db_time(now);
      std::int64_t seq = take_sync_seqs(db_, static_cast<std::int64_t>(batch.size()));
      for (const Message& m : batch) {
        auto insert = db_.prepare(
            R"sql(INSERT INTO "Messages" ("msgId", "type", "sender", "groupId", "receiver",
                                          "content", "timer", "ext", "createdAt", "updatedAt",
                                          "seq")
                  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10))sql");
        insert
            .bind(m.msg_id, m.type, m.sender, m.group_id, m.receiver, m.content, m.timer, m.ext, ts,
                  seq++)
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

  StoreResult<MessagePage> pending_messages(UserId receiver, std::int64_t offset,
                                            std::int64_t limit) override {
    return database_->guarded([&] {
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
          std::string("SELECT ") + kColumns.message + ", " + kColumns.user + " FROM (SELECT m.*" +
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
      page.items =
          db_.prepare(page_sql).bind(receiver, limit, offset).all(read_message_with_sender<Stmt>);
      snapshot.commit();
      return page;
    });
  }

  StoreResult<std::vector<Message>> messages_of_user(UserId user, MessageId after,
                                                     std::int64_t limit) override {
    return database_->guarded([&] {
      // Each branch walks its own index from `after` and stops after `limit` rows; the union
      // (a message may be in two: sent by the user into one of the user's groups) is cut again.
      static const std::string sql = std::string("SELECT ") + kColumns.message +
                                     R"sql( FROM "Messages" m WHERE m."id" IN (
                   SELECT "id" FROM (SELECT "id" FROM "Messages" WHERE "sender" = ?1 AND "id" > ?2
                                     ORDER BY "id" LIMIT ?3)
                   UNION
                   SELECT "id" FROM (SELECT "id" FROM "Messages" WHERE "receiver" = ?1
                                       AND "groupId" IS NULL AND "id" > ?2 ORDER BY "id" LIMIT ?3)
                   UNION
                   SELECT "id" FROM (SELECT x."id" FROM "Members" mb
                                     JOIN "Messages" x ON x."groupId" = mb."groupId"
                                     WHERE mb."userId" = ?1 AND x."id" > ?2
                                     ORDER BY x."id" LIMIT ?3))
                 ORDER BY m."id" LIMIT ?3)sql";
      return db_.prepare(sql).bind(user, after, limit).all([](const Stmt& r) {
        return read_message(r);
      });
    });
  }

  StoreResult<Done> upsert_read(std::int64_t sender, UserId receiver, MessageId last_read,
                                Seconds now) override {
    return database_->guarded([&] {
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

  StoreResult<MessageAck> record_delivery(UserId receiver, MessageId message, bool ok,
                                          Seconds now) override {
    return database_->guarded([&] {
      Transaction tx(db_);
      MessageAck ack =
          load_ack(receiver).value_or(MessageAck{receiver, std::nullopt, std::nullopt});
      apply_delivery_outcome(ack, message, ok);
      save_ack(ack, now);
      // The outcome is now recorded; the crash-recovery record has done its job.
      auto done = db_.prepare(
          R"sql(DELETE FROM "PendingDeliveries" WHERE "receiver" = ? AND "messageId" = ?)sql");
      done.bind(receiver, message).run();
      tx.commit();
      return ack;
    });
  }

  StoreResult<Done> record_deliveries(std::span<const DeliveryOutcome> outcomes,
                                      Seconds now) override {
    return database_->guarded([&] {
      // One transaction (one fsync) for the whole batch; each receiver's row is read once,
      // updated in order, written once.
      Transaction tx(db_);
      std::map<UserId, MessageAck> acks;
      for (const auto& o : outcomes) {
        auto it = acks.find(o.receiver);
        if (it == acks.end())
          it = acks.emplace(o.receiver,
                            load_ack(o.receiver)
                                .value_or(MessageAck{o.receiver, std::nullopt, std::nullopt}))
                   .first;
        apply_delivery_outcome(it->second, o.message, o.ok);
        db_.prepare(
               R"sql(DELETE FROM "PendingDeliveries" WHERE "receiver" = ? AND "messageId" = ?)sql")
            .bind(o.receiver, o.message)
            .run();
      }
      for (const auto& [receiver, ack] : acks) save_ack(ack, now);
      tx.commit();
      return Done{};
    });
  }

  StoreResult<std::int64_t> recover_pending_deliveries(Seconds now, Seconds queued_until) override {
    return database_->guarded([&] {
      Transaction tx(db_);
      // Every delivery whose outcome was lost counts as failed (docs/contract/realtime.md 8.2),
      // applied in ascending message id like live failures would have been.
      std::map<UserId, MessageAck> acks;
      std::int64_t count = 0;
      {
        auto st = db_.prepare(
            R"sql(SELECT "receiver", "messageId" FROM "PendingDeliveries" WHERE "queuedAt" <= ?
                  ORDER BY "messageId" ASC, "receiver" ASC)sql");
        st.bind(queued_until);
        while (st.step()) {
          UserId receiver = st.i64(0);
          auto it = acks.find(receiver);
          if (it == acks.end())
            it = acks.emplace(receiver, load_ack(receiver).value_or(
                                            MessageAck{receiver, std::nullopt, std::nullopt}))
                     .first;
          apply_delivery_outcome(it->second, st.i64(1), false);
          ++count;
        }
      }
      for (const auto& [receiver, ack] : acks) save_ack(ack, now);
      db_.prepare(R"sql(DELETE FROM "PendingDeliveries" WHERE "queuedAt" <= ?)sql")
          .bind(queued_until)
          .run();
      tx.commit();
      return count;
    });
  }

  StoreResult<Done> mark_received(UserId receiver, std::optional<MessageId> id,
                                  Seconds now) override {
    return database_->guarded([&] {
      Transaction tx(db_);
      // E5: lastAck = id (kept when absent; NULL for a new row), lastAckErr cleared. The mark may
      // move backwards.
      auto st = db_.prepare(
          R"sql(INSERT INTO "MessageAcks" ("receiver", "lastAck", "lastAckErr", "createdAt", "updatedAt")
                VALUES (?1, ?2, NULL, ?4, ?4)
                ON CONFLICT ("receiver") DO UPDATE SET
                  "lastAck" = CASE WHEN ?3 THEN excluded."lastAck" ELSE "lastAck" END,
                  "lastAckErr" = NULL, "updatedAt" = excluded."updatedAt")sql");
      st.bind(receiver, id, id.has_value(), db_time(now)).run();
      if (id) {
        // The client has everything up to id; nothing below it is still owed
        // (docs/contract/realtime.md 8.2).
        auto pending = db_.prepare(
            R"sql(DELETE FROM "PendingDeliveries" WHERE "receiver" = ? AND "messageId" <= ?)sql");
        pending.bind(receiver, *id).run();
      }
      tx.commit();
      return Done{};
    });
  }

  StoreResult<std::optional<MessageAck>> message_ack(UserId receiver) override {
    return database_->guarded([&] { return load_ack(receiver); });
  }

 private:
  std::optional<MessageAck> load_ack(UserId receiver) {
    auto st = db_.prepare(
        R"sql(SELECT "lastAck", "lastAckErr" FROM "MessageAcks" WHERE "receiver" = ?)sql");
    if (!st.bind(receiver).step()) return std::nullopt;
    return MessageAck{receiver, st.opt_i64(0), st.opt_i64(1)};
  }

  void save_ack(const MessageAck& ack, Seconds now) {
    auto st = db_.prepare(
        R"sql(INSERT INTO "MessageAcks" ("receiver", "lastAck", "lastAckErr", "createdAt", "updatedAt")
              VALUES (?1, ?2, ?3, ?4, ?4)
              ON CONFLICT ("receiver") DO UPDATE SET "lastAck" = excluded."lastAck",
                "lastAckErr" = excluded."lastAckErr", "updatedAt" = excluded."updatedAt")sql");
    st.bind(ack.receiver, ack.last_ack, ack.last_ack_err, db_time(now)).run();
  }
};

}  // namespace

std::shared_ptr<MessageStore> make_message_store(std::shared_ptr<SqliteDatabase> database) {
  return std::make_shared<Messages>(std::move(database));
}

}  // namespace im::sqlite
