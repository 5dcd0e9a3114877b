#include "server/adapters/mariadb/store.hpp"

#include <ctime>
#include <stdexcept>

#include "server/adapters/mariadb/mariadb_storage.hpp"
#include "server/adapters/mariadb/schema.hpp"

namespace im::host {

Storage make_mariadb_storage(const DatabaseConfig& config) {
  auto db = std::make_shared<mariadb::MariaDbDatabase>(config);
  return Storage{db,
                 mariadb::make_user_store(db),
                 mariadb::make_permission_store(db),
                 mariadb::make_friend_store(db),
                 mariadb::make_notify_store(db),
                 mariadb::make_group_store(db),
                 mariadb::make_message_store(db),
                 mariadb::make_release_store(db),
                 mariadb::make_block_store(db),
                 mariadb::make_history_store(db),
                 mariadb::make_presence_store(db),
                 mariadb::make_receipt_store(db),
                 mariadb::make_admin_store(db),
                 mariadb::make_sync_store(db),
                 mariadb::make_push_outbox_store(db)};
}

std::optional<std::pair<int, int>> mariadb_pool_usage(Database& database) {
  auto* db = dynamic_cast<mariadb::MariaDbDatabase*>(&database);
  if (!db) return std::nullopt;
  return std::pair{db->pool().in_use(), db->pool().size()};
}

}  // namespace im::host

namespace im::host::mariadb {

void MariaDbDatabase::migrate() {
  try {
    Lease lease = pool_.acquire();
    migrate_schema(*lease, static_cast<Seconds>(std::time(nullptr)));
    consecutive_ids_ = consecutive_autoinc(*lease);
  } catch (const DbError& e) {
    throw std::runtime_error(std::string("MariaDB schema migration failed: ") + e.what());
  }
}

bool MariaDbDatabase::ping() {
  try {
    Lease lease = pool_.acquire();
    return lease->ping();
  } catch (const DbError&) {
    return false;
  }
}

}  // namespace im::host::mariadb
