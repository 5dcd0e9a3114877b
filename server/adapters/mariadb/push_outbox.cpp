// The offline push webhook's outbox (PushOutboxStore; docs/operations.md "Offline push webhook").
#include <string>

#include "im/storage/push_outbox_store.hpp"
#include "server/adapters/mariadb/rows.hpp"
#include "server/adapters/mariadb/store.hpp"

namespace im::host::mariadb {

namespace {

class PushOutboxTable final : public PushOutboxStore, private Tables {
 public:
  using Tables::Tables;

  StoreResult<Done> enqueue_push_events(std::span<const PushEvent> events, Millis now) override {
    return database_->run_tx([&](Lease& l) {
      for (const auto& e : events) {
        // IGNORE skips only the duplicate key: every other column has a value.
        l->exec(
            "INSERT IGNORE INTO `PushOutbox` (`eventKey`, `body`, `attempts`, `createdAt`, "
            "`nextAt`) VALUES (?, ?, 0, ?, ?)",
            {e.key, e.body, now, now});
      }
      return Done{};
    });
  }

  StoreResult<std::vector<PushOutboxRow>> claim_push_events(std::string_view claim, Millis now,
                                                            Millis lease_until,
                                                            int limit) override {
    return database_->run([&](Lease& l) {
      // One statement claims the rows atomically, whichever node runs it; the claim then names
      // them. The limit is this service's number, never a request's.
      l->exec(
          "UPDATE `PushOutbox` SET `claimedBy` = ?, `claimedUntil` = ? "
          "WHERE `nextAt` <= ? AND `claimedUntil` <= ? ORDER BY `nextAt`, `id` LIMIT " +
              std::to_string(limit),
          {claim, lease_until, now, now});
      auto rows = l->query(
          "SELECT `id`, `eventKey`, `body`, `attempts`, `createdAt` FROM `PushOutbox` "
          "WHERE `claimedBy` = ? ORDER BY `nextAt`, `id`",
          {claim});
      return read_all(rows, [](const Row& row) {
        return PushOutboxRow{row.i64(0), row.text(1), row.text(2), static_cast<int>(row.i64(3)),
                             row.i64(4)};
      });
    });
  }

  StoreResult<Done> finish_push_event(std::int64_t id, std::string_view claim) override {
    return database_->run([&](Lease& l) {
      l->exec("DELETE FROM `PushOutbox` WHERE `id` = ? AND `claimedBy` = ?", {id, claim});
      return Done{};
    });
  }

  StoreResult<Done> retry_push_event(std::int64_t id, std::string_view claim, int attempts,
                                     Millis next_at) override {
    return database_->run([&](Lease& l) {
      l->exec(
          "UPDATE `PushOutbox` SET `attempts` = ?, `nextAt` = ?, `claimedBy` = NULL, "
          "`claimedUntil` = 0 WHERE `id` = ? AND `claimedBy` = ?",
          {attempts, next_at, id, claim});
      return Done{};
    });
  }

  StoreResult<std::int64_t> count_push_events() override {
    return database_->run([&](Lease& l) {
      auto rows = l->query("SELECT COUNT(*) FROM `PushOutbox`");
      return rows.empty() ? std::int64_t{0} : rows[0].i64(0);
    });
  }
};

}  // namespace

std::shared_ptr<PushOutboxStore> make_push_outbox_store(std::shared_ptr<MariaDbDatabase> database) {
  return std::make_shared<PushOutboxTable>(std::move(database));
}

}  // namespace im::host::mariadb
