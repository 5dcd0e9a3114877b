// Delivery bookkeeping: MessageAcks and the pending-delivery records (docs/contract/realtime.md 8;
// docs/contract/http-api.md E5). Every update of a receiver's row happens under the connection
// mutex inside a transaction, which serialises the updates per receiver (8.2).
#include <map>

#include "im/delivery_rule.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace im::sqlite {

std::optional<MessageAck> SqliteStore::load_ack(UserId receiver) {
  auto st = db_.prepare(
      R"sql(SELECT "lastAck", "lastAckErr" FROM "MessageAcks" WHERE "receiver" = ?)sql");
  if (!st.bind(receiver).step()) return std::nullopt;
  return MessageAck{receiver, st.opt_i64(0), st.opt_i64(1)};
}

void SqliteStore::save_ack(const MessageAck& ack, Seconds now) {
  auto st = db_.prepare(
      R"sql(INSERT INTO "MessageAcks" ("receiver", "lastAck", "lastAckErr", "createdAt", "updatedAt")
            VALUES (?1, ?2, ?3, ?4, ?4)
            ON CONFLICT ("receiver") DO UPDATE SET "lastAck" = excluded."lastAck",
              "lastAckErr" = excluded."lastAckErr", "updatedAt" = excluded."updatedAt")sql");
  st.bind(ack.receiver, ack.last_ack, ack.last_ack_err, db_time(now)).run();
}

StoreResult<MessageAck> SqliteStore::record_delivery(UserId receiver, MessageId message, bool ok,
                                                     Seconds now) {
  return guarded([&] {
    Transaction tx(db_);
    MessageAck ack = load_ack(receiver).value_or(MessageAck{receiver, std::nullopt, std::nullopt});
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

StoreResult<Done> SqliteStore::record_deliveries(std::span<const DeliveryOutcome> outcomes,
                                                 Seconds now) {
  return guarded([&] {
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

StoreResult<std::int64_t> SqliteStore::recover_pending_deliveries(Seconds now,
                                                                  Seconds queued_until) {
  return guarded([&] {
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

StoreResult<Done> SqliteStore::mark_received(UserId receiver, std::optional<MessageId> id,
                                             Seconds now) {
  return guarded([&] {
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

StoreResult<std::optional<MessageAck>> SqliteStore::message_ack(UserId receiver) {
  return guarded([&] { return load_ack(receiver); });
}

}  // namespace im::sqlite
