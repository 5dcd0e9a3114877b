// Messages and delivery bookkeeping (docs/contract/realtime.md 8, docs/contract/http-api.md E4/E5).
#include <algorithm>
#include <map>

#include "im/delivery_rule.hpp"
#include "server/adapters/mariadb/rows.hpp"
#include "server/adapters/mariadb/store.hpp"
#include "server/adapters/mariadb/sync_clock.hpp"

namespace im::host::mariadb {

namespace {

constexpr const char* kInsertMessage =
    "INSERT INTO `Messages` (`msgId`, `type`, `sender`, `groupId`, `receiver`, `content`, "
    "`timer`, `ext`, `createdAt`, `updatedAt`, `seq`) VALUES ";
constexpr const char* kMessageValues = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
// Rows per multi-row INSERT; the writer's batches are usually smaller.
constexpr std::size_t kInsertChunk = 200;

void add_message_params(Params& p, const Message& m, const std::string& t, std::int64_t seq) {
  p.insert(p.end(), {m.msg_id, m.type, m.sender, m.group_id, m.receiver, m.content, m.timer, m.ext,
                     t, t, seq});
}

// Locks the receiver's MessageAcks row, creating it when absent, so that updates for one user
// are serialised (docs/contract/realtime.md 8.2).
MessageAck lock_ack_row(MariaDbConnection& c, UserId receiver, const std::string& t) {
  c.exec(
      "INSERT INTO `MessageAcks` (`receiver`, `lastAck`, `lastAckErr`, `createdAt`, "
      "`updatedAt`) VALUES (?, NULL, NULL, ?, ?) ON DUPLICATE KEY UPDATE `receiver` = "
      "`receiver`",
      {receiver, t, t});
  auto rows =
      c.query("SELECT `lastAck`, `lastAckErr` FROM `MessageAcks` WHERE `receiver` = ? FOR UPDATE",
              {receiver});
  MessageAck s{receiver, std::nullopt, std::nullopt};
  if (!rows.empty()) {
    s.last_ack = rows[0].opt_i64(0);
    s.last_ack_err = rows[0].opt_i64(1);
  }
  return s;
}

void store_ack(MariaDbConnection& c, UserId receiver, const MessageAck& s, const std::string& t) {
  c.exec(
      "UPDATE `MessageAcks` SET `lastAck` = ?, `lastAckErr` = ?, `updatedAt` = ? "
      "WHERE `receiver` = ?",
      {s.last_ack, s.last_ack_err, t, receiver});
}

class Messages final : public MessageStore, private Tables {
 public:
  using Tables::Tables;

  StoreResult<std::vector<MessageId>> append_messages(std::span<const Message> batch,
                                                      Seconds now) override {
    return database_->run_tx([&](Lease& l) {
      std::vector<MessageId> ids;
      ids.reserve(batch.size());
      const std::string t = db_time(now);
      // First, so that the clock's row lock orders this batch against every other writer.
      std::int64_t seq =
          batch.empty() ? 0 : take_sync_seqs(*l, static_cast<std::int64_t>(batch.size()));
      for (std::size_t i = 0; i < batch.size(); i += kInsertChunk) {
        const std::size_t n = std::min(kInsertChunk, batch.size() - i);
        if (database_->consecutive_ids()) {
          // One multi-row INSERT: with innodb_autoinc_lock_mode <= 1 and increment 1 (checked
          // at migrate) a simple insert gets consecutive ids starting at LAST_INSERT_ID().
          std::string sql = kInsertMessage;
          Params params;
          params.reserve(n * 11);
          for (std::size_t k = 0; k < n; ++k) {
            if (k) sql += ", ";
            sql += kMessageValues;
            add_message_params(params, batch[i + k], t, seq++);
          }
          l->exec(sql, params);
          const auto first = static_cast<MessageId>(l->last_insert_id());
          for (std::size_t k = 0; k < n; ++k) ids.push_back(first + static_cast<MessageId>(k));
          // Guard: the last id must hold the last row, or the assumption above is broken.
          auto check = l->query("SELECT `msgId` FROM `Messages` WHERE `id` = ?", {ids.back()});
          if (check.empty() || check[0].text(0) != batch[i + n - 1].msg_id) {
            throw DbError(StoreErrc::other, 0, "AUTO_INCREMENT ids were not consecutive");
          }
        } else {
          for (std::size_t k = 0; k < n; ++k) {
            Params params;
            add_message_params(params, batch[i + k], t, seq++);
            l->exec(std::string(kInsertMessage) + kMessageValues, params);
            ids.push_back(static_cast<MessageId>(l->last_insert_id()));
          }
        }
      }
      // Pending deliveries in the same transaction (crash safety, docs/contract/realtime.md 8.2).
      Params direct;
      std::string direct_sql =
          "INSERT IGNORE INTO `PendingDeliveries` (`receiver`, `messageId`, `queuedAt`) VALUES ";
      for (std::size_t k = 0; k < batch.size(); ++k) {
        const Message& m = batch[k];
        if (m.group_id) {
          l->exec(
              "INSERT IGNORE INTO `PendingDeliveries` (`receiver`, `messageId`, `queuedAt`) "
              "SELECT `userId`, ?, ? FROM `Members` WHERE `groupId` = ? AND `userId` <> ?",
              {ids[k], now, *m.group_id, m.sender});
          continue;
        }
        direct_sql += direct.empty() ? "(?, ?, ?)" : ", (?, ?, ?)";
        direct.insert(direct.end(), {m.receiver, ids[k], now});
        if (direct.size() >= 3 * kInsertChunk) {
          l->exec(direct_sql, direct);
          direct.clear();
          direct_sql.resize(direct_sql.find("VALUES ") + 7);
        }
      }
      if (!direct.empty()) l->exec(direct_sql, direct);
      return ids;
    });
  }

  StoreResult<MessageAck> record_delivery(UserId receiver, MessageId message, bool ok,
                                          Seconds now) override {
    return database_->run_tx([&](Lease& l) {
      const std::string t = db_time(now);
      MessageAck s = lock_ack_row(*l, receiver, t);
      l->exec("DELETE FROM `PendingDeliveries` WHERE `receiver` = ? AND `messageId` = ?",
              {receiver, message});
      // No cap at the smallest pending id is needed: a crash turns every pending record into a
      // failure at recovery, and the failure rule moves A back below it.
      apply_delivery_outcome(s, message, ok);
      store_ack(*l, receiver, s, t);
      return s;
    });
  }

  // The batching writer's path: one transaction for many outcomes, a few statements per chunk of
  // receivers instead of four per outcome. Rows are locked in receiver order, like every other
  // transaction that locks several MessageAcks rows, so two nodes' batches cannot deadlock.
  StoreResult<Done> record_deliveries(std::span<const DeliveryOutcome> outcomes,
                                      Seconds now) override {
    if (outcomes.empty()) return Done{};
    return database_->run_tx([&](Lease& l) {
      const std::string t = db_time(now);
      std::map<UserId, MessageAck> acks;
      for (const auto& o : outcomes) acks.try_emplace(o.receiver, MessageAck{o.receiver, {}, {}});
      std::vector<UserId> receivers;
      for (const auto& [receiver, ack] : acks) receivers.push_back(receiver);

      for (std::size_t i = 0; i < receivers.size(); i += kInsertChunk) {
        const std::size_t n = std::min(kInsertChunk, receivers.size() - i);
        Params create_params;
        Params lock_params;
        for (std::size_t k = 0; k < n; ++k) {
          create_params.insert(create_params.end(), {receivers[i + k], t, t});
          lock_params.push_back(receivers[i + k]);
        }
        l->exec(
            "INSERT INTO `MessageAcks` (`receiver`, `lastAck`, `lastAckErr`, `createdAt`, "
            "`updatedAt`) VALUES " +
                repeated("(?, NULL, NULL, ?, ?)", n) +
                " ON DUPLICATE KEY UPDATE `receiver` = `receiver`",
            create_params);
        const std::string lock =
            "SELECT `receiver`, `lastAck`, `lastAckErr` FROM `MessageAcks` WHERE `receiver` IN (" +
            placeholders(n) + ") ORDER BY `receiver` FOR UPDATE";
        for (const Row& r : l->query(lock, lock_params)) {
          auto& ack = acks.at(r.i64(0));
          ack.last_ack = r.opt_i64(1);
          ack.last_ack_err = r.opt_i64(2);
        }
      }

      // The rule of docs/contract/realtime.md 8.2 in input order, then the pending records and the
      // rows.
      for (const auto& o : outcomes) apply_delivery_outcome(acks.at(o.receiver), o.message, o.ok);
      for (std::size_t i = 0; i < outcomes.size(); i += kInsertChunk) {
        const std::size_t n = std::min(kInsertChunk, outcomes.size() - i);
        Params params;
        for (std::size_t k = 0; k < n; ++k)
          params.insert(params.end(), {outcomes[i + k].receiver, outcomes[i + k].message});
        l->exec("DELETE FROM `PendingDeliveries` WHERE (`receiver`, `messageId`) IN (" +
                    repeated("(?, ?)", n) + ")",
                params);
      }
      for (std::size_t i = 0; i < receivers.size(); i += kInsertChunk) {
        const std::size_t n = std::min(kInsertChunk, receivers.size() - i);
        Params params;
        for (std::size_t k = 0; k < n; ++k) {
          const MessageAck& ack = acks.at(receivers[i + k]);
          params.insert(params.end(), {ack.receiver, ack.last_ack, ack.last_ack_err, t, t});
        }
        l->exec(
            "INSERT INTO `MessageAcks` (`receiver`, `lastAck`, `lastAckErr`, `createdAt`, "
            "`updatedAt`) VALUES " +
                repeated("(?, ?, ?, ?, ?)", n) +
                " ON DUPLICATE KEY UPDATE `lastAck` = VALUES(`lastAck`), `lastAckErr` = "
                "VALUES(`lastAckErr`), `updatedAt` = VALUES(`updatedAt`)",
            params);
      }
      return Done{};
    });
  }

  StoreResult<std::int64_t> recover_pending_deliveries(Seconds now, Seconds queued_until) override {
    return database_->run_tx([&](Lease& l) {
      const std::string t = db_time(now);
      auto rows = l->query(
          "SELECT `receiver`, MIN(`messageId`), COUNT(*) FROM `PendingDeliveries` "
          "WHERE `queuedAt` <= ? GROUP BY `receiver` ORDER BY `receiver`",
          {queued_until});
      std::int64_t total = 0;
      for (const Row& r : rows) {
        const UserId receiver = r.i64(0);
        MessageAck s = lock_ack_row(*l, receiver, t);
        // Failing the smallest pending id has the effect of failing each of them.
        apply_delivery_outcome(s, r.i64(1), false);
        store_ack(*l, receiver, s, t);
        l->exec("DELETE FROM `PendingDeliveries` WHERE `receiver` = ? AND `queuedAt` <= ?",
                {receiver, queued_until});
        total += r.i64(2);
      }
      return total;
    });
  }

  StoreResult<Done> mark_received(UserId receiver, std::optional<MessageId> id,
                                  Seconds now) override {
    return database_->run_tx([&](Lease& l) {
      const std::string t = db_time(now);
      if (id) {
        l->exec(
            "INSERT INTO `MessageAcks` (`receiver`, `lastAck`, `lastAckErr`, `createdAt`, "
            "`updatedAt`) VALUES (?, ?, NULL, ?, ?) ON DUPLICATE KEY UPDATE `lastAck` = "
            "VALUES(`lastAck`), `lastAckErr` = NULL, `updatedAt` = VALUES(`updatedAt`)",
            {receiver, *id, t, t});
        l->exec("DELETE FROM `PendingDeliveries` WHERE `receiver` = ? AND `messageId` <= ?",
                {receiver, *id});
      } else {
        l->exec(
            "INSERT INTO `MessageAcks` (`receiver`, `lastAck`, `lastAckErr`, `createdAt`, "
            "`updatedAt`) VALUES (?, NULL, NULL, ?, ?) ON DUPLICATE KEY UPDATE "
            "`lastAckErr` = NULL, `updatedAt` = VALUES(`updatedAt`)",
            {receiver, t, t});
      }
      return Done{};
    });
  }

  StoreResult<std::optional<MessageAck>> message_ack(UserId receiver) override {
    return database_->run([&](Lease& l) -> std::optional<MessageAck> {
      auto rows = l->query("SELECT `lastAck`, `lastAckErr` FROM `MessageAcks` WHERE `receiver` = ?",
                           {receiver});
      if (rows.empty()) return std::nullopt;
      return MessageAck{receiver, rows[0].opt_i64(0), rows[0].opt_i64(1)};
    });
  }

  StoreResult<MessagePage> pending_messages(UserId receiver, std::int64_t offset,
                                            std::int64_t limit) override {
    return database_->run_tx([&](Lease& l) {
      // One-to-one messages to the user plus messages of the user's groups (J26), each branch
      // on its own index; a message is never in both branches (groupId NULL or not).
      static const std::string kMatching =
          "SELECT x.`id` FROM `Messages` x WHERE x.`receiver` = ? AND x.`groupId` IS NULL AND "
          "x.`id` > ? UNION ALL SELECT x.`id` FROM `Messages` x JOIN `Members` mb ON "
          "mb.`groupId` = x.`groupId` WHERE mb.`userId` = ? AND x.`id` > ?";
      auto acks = l->query("SELECT `lastAck` FROM `MessageAcks` WHERE `receiver` = ?", {receiver});
      const std::int64_t last_ack = acks.empty() ? 0 : acks[0].i64(0);
      const Params match{receiver, last_ack, receiver, last_ack};

      MessagePage page;
      auto count = l->query("SELECT COUNT(*) FROM (" + kMatching + ") ids", match);
      page.count = count.empty() ? 0 : count[0].i64(0);
      if (limit <= 0 || offset >= page.count) return page;

      Params params = match;
      params.insert(params.end(), {limit, offset});
      auto rows = l->query(std::string("SELECT ") + kColumns.message + ", " + kColumns.user +
                               " FROM (" + kMatching +
                               ") ids JOIN `Messages` m ON m.`id` = ids.`id` LEFT JOIN `Users` u "
                               "ON u.`id` = m.`sender` ORDER BY m.`timer` DESC, m.`id` DESC "
                               "LIMIT ? OFFSET ?",
                           params);
      page.items = read_all(rows, read_message_with_sender<Row>);
      return page;
    });
  }

  StoreResult<std::vector<Message>> messages_of_user(UserId user, MessageId after,
                                                     std::int64_t limit) override {
    return database_->run([&](Lease& l) {
      // Each branch walks its own index from `after` and stops after `limit` rows; the union
      // (a message may be in two: sent by the user into one of the user's groups) is cut again.
      auto rows = l->query(
          std::string("SELECT ") + kColumns.message +
              " FROM ((SELECT `id` FROM `Messages` WHERE `sender` = ? AND `id` > ? ORDER BY `id` "
              "LIMIT ?) UNION (SELECT `id` FROM `Messages` WHERE `receiver` = ? AND `groupId` IS "
              "NULL AND `id` > ? ORDER BY `id` LIMIT ?) UNION (SELECT x.`id` FROM `Members` mb "
              "JOIN `Messages` x ON x.`groupId` = mb.`groupId` WHERE mb.`userId` = ? AND x.`id` > "
              "? ORDER BY x.`id` LIMIT ?)) ids JOIN `Messages` m ON m.`id` = ids.`id` ORDER BY "
              "m.`id` LIMIT ?",
          {user, after, limit, user, after, limit, user, after, limit, limit});
      return read_all(rows, [](const Row& r) { return read_message(r); });
    });
  }

  StoreResult<Done> upsert_read(std::int64_t sender, UserId receiver, MessageId last_read,
                                Seconds now) override {
    return database_->run([&](Lease& l) {
      const std::string t = db_time(now);
      l->exec(
          "INSERT INTO `MessageReads` (`sender`, `receiver`, `lastRead`, `createdAt`, "
          "`updatedAt`) VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE `lastRead` = "
          "VALUES(`lastRead`), `updatedAt` = VALUES(`updatedAt`)",
          {sender, receiver, last_read, t, t});
      return Done{};
    });
  }
};

}  // namespace

std::shared_ptr<MessageStore> make_message_store(std::shared_ptr<MariaDbDatabase> database) {
  return std::make_shared<Messages>(std::move(database));
}

}  // namespace im::host::mariadb
