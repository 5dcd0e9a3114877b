// The MariaDB adapter: MariaDbDatabase (the connection pool) and the ports built on it, one per
// file (users.cpp, permissions.cpp, friends.cpp, notifies.cpp, groups.cpp, messages.cpp,
// releases.cpp, blocks.cpp, history.cpp, presence.cpp, receipts.cpp, admin.cpp); store.cpp holds
// construction, migrate and ping.
#pragma once

#include <memory>
#include <type_traits>
#include <utility>

#include "im/storage.hpp"
#include "server/adapters/mariadb/db_error.hpp"
#include "server/adapters/mariadb/pool.hpp"

namespace im::host::mariadb {

class MariaDbDatabase final : public Database {
 public:
  explicit MariaDbDatabase(const DatabaseConfig& config) : pool_(config) {}

  void migrate() override;
  bool ping() override;
  const Pool& pool() const { return pool_; }
  // Whether a multi-row INSERT hands out consecutive AUTO_INCREMENT ids (checked at migrate).
  bool consecutive_ids() const { return consecutive_ids_; }

  // Runs `f(lease)` on a pooled connection (autocommit) and turns DbError into StoreError.
  template <class F>
  auto run(F&& f) -> StoreResult<std::invoke_result_t<F, Lease&>> {
    try {
      Lease lease = pool_.acquire();
      return f(lease);
    } catch (const DbError& e) {
      return StoreError{e.code(), e.what()};
    }
  }

  // Runs `f(lease)` inside one transaction; a deadlock re-runs the whole transaction. The lease
  // rolls back on every path that does not reach commit.
  template <class F>
  auto run_tx(F&& f) -> StoreResult<std::invoke_result_t<F, Lease&>> {
    for (int attempt = 1;; ++attempt) {
      try {
        Lease lease = pool_.acquire();
        lease.begin();
        auto value = f(lease);
        lease.commit();
        return value;
      } catch (const DbError& e) {
        if (e.retryable() && attempt < 5) continue;
        return StoreError{e.code(), e.what()};
      }
    }
  }

 private:
  bool consecutive_ids_ = false;
  Pool pool_;
};

// What every port of the adapter holds: the shared pool.
class Tables {
 public:
  explicit Tables(std::shared_ptr<MariaDbDatabase> database) : database_(std::move(database)) {}

 protected:
  std::shared_ptr<MariaDbDatabase> database_;
};

std::shared_ptr<UserStore> make_user_store(std::shared_ptr<MariaDbDatabase> database);
std::shared_ptr<PermissionStore> make_permission_store(std::shared_ptr<MariaDbDatabase> database);
std::shared_ptr<FriendStore> make_friend_store(std::shared_ptr<MariaDbDatabase> database);
std::shared_ptr<NotifyStore> make_notify_store(std::shared_ptr<MariaDbDatabase> database);
std::shared_ptr<GroupStore> make_group_store(std::shared_ptr<MariaDbDatabase> database);
std::shared_ptr<MessageStore> make_message_store(std::shared_ptr<MariaDbDatabase> database);
std::shared_ptr<ReleaseStore> make_release_store(std::shared_ptr<MariaDbDatabase> database);
std::shared_ptr<BlockStore> make_block_store(std::shared_ptr<MariaDbDatabase> database);
std::shared_ptr<HistoryStore> make_history_store(std::shared_ptr<MariaDbDatabase> database);
std::shared_ptr<PresenceStore> make_presence_store(std::shared_ptr<MariaDbDatabase> database);
std::shared_ptr<ReceiptStore> make_receipt_store(std::shared_ptr<MariaDbDatabase> database);
std::shared_ptr<AdminStore> make_admin_store(std::shared_ptr<MariaDbDatabase> database);
std::shared_ptr<SyncStore> make_sync_store(std::shared_ptr<MariaDbDatabase> database);
std::shared_ptr<PushOutboxStore> make_push_outbox_store(std::shared_ptr<MariaDbDatabase> database);

}  // namespace im::host::mariadb
