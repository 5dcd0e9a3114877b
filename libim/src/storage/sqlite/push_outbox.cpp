// The offline push webhook's outbox (PushOutboxStore; docs/operations.md "Offline push webhook").
#include "im/storage/push_outbox_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace im::sqlite {

namespace {

class PushOutboxTable final : public PushOutboxStore, private Tables {
 public:
  using Tables::Tables;

  StoreResult<Done> enqueue_push_events(std::span<const PushEvent> events, Millis now) override {
    return database_->guarded([&] {
      Transaction tx(db_);
      for (const auto& e : events) {
        auto st = db_.prepare(
            R"sql(INSERT INTO "PushOutbox" ("eventKey", "body", "attempts", "createdAt", "nextAt")
                  VALUES (?, ?, 0, ?, ?) ON CONFLICT ("eventKey") DO NOTHING)sql");
        st.bind(e.key, e.body, now, now).run();
      }
      tx.commit();
      return Done{};
    });
  }

  StoreResult<std::vector<PushOutboxRow>> claim_push_events(std::string_view claim, Millis now,
                                                            Millis lease_until,
                                                            int limit) override {
    return database_->guarded([&] {
      Transaction tx(db_);
      auto update = db_.prepare(
          R"sql(UPDATE "PushOutbox" SET "claimedBy" = ?, "claimedUntil" = ?
                WHERE "id" IN (SELECT "id" FROM "PushOutbox"
                               WHERE "nextAt" <= ?3 AND "claimedUntil" <= ?3
                               ORDER BY "nextAt", "id" LIMIT ?4))sql");
      update.bind(claim, lease_until, now, limit).run();
      auto select = db_.prepare(
          R"sql(SELECT "id", "eventKey", "body", "attempts", "createdAt" FROM "PushOutbox"
                WHERE "claimedBy" = ? ORDER BY "nextAt", "id")sql");
      auto rows = select.bind(claim).all([](const Stmt& row) {
        return PushOutboxRow{row.i64(0), row.text(1), row.text(2), static_cast<int>(row.i64(3)),
                             row.i64(4)};
      });
      tx.commit();
      return rows;
    });
  }

  StoreResult<Done> finish_push_event(std::int64_t id, std::string_view claim) override {
    return database_->guarded([&] {
      auto st = db_.prepare(R"sql(DELETE FROM "PushOutbox" WHERE "id" = ? AND "claimedBy" = ?)sql");
      st.bind(id, claim).run();
      return Done{};
    });
  }

  StoreResult<Done> retry_push_event(std::int64_t id, std::string_view claim, int attempts,
                                     Millis next_at) override {
    return database_->guarded([&] {
      auto st = db_.prepare(
          R"sql(UPDATE "PushOutbox" SET "attempts" = ?, "nextAt" = ?, "claimedBy" = NULL,
                "claimedUntil" = 0 WHERE "id" = ? AND "claimedBy" = ?)sql");
      st.bind(attempts, next_at, id, claim).run();
      return Done{};
    });
  }

  StoreResult<std::int64_t> count_push_events() override {
    return database_->guarded([&] {
      auto st = db_.prepare(R"sql(SELECT COUNT(*) FROM "PushOutbox")sql");
      return st.step() ? st.i64(0) : std::int64_t{0};
    });
  }
};

}  // namespace

std::shared_ptr<PushOutboxStore> make_push_outbox_store(std::shared_ptr<SqliteDatabase> database) {
  return std::make_shared<PushOutboxTable>(std::move(database));
}

}  // namespace im::sqlite
