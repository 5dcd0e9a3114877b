#include <ctime>
#include <stdexcept>

#include "server/adapters/mariadb/mariadb_storage.hpp"
#include "server/adapters/mariadb/schema.hpp"
#include "server/adapters/mariadb/store.hpp"

namespace im::host {

std::shared_ptr<Storage> make_mariadb_storage(const DatabaseConfig& config) {
  return std::make_shared<mariadb::MariaDbStorage>(config);
}

std::optional<std::pair<int, int>> mariadb_pool_usage(Storage& storage) {
  auto* db = dynamic_cast<mariadb::MariaDbStorage*>(&storage);
  if (!db) return std::nullopt;
  return std::pair{db->pool().in_use(), db->pool().size()};
}

}  // namespace im::host

namespace im::host::mariadb {

void MariaDbStorage::migrate() {
  try {
    Lease lease = pool_.acquire();
    migrate_schema(*lease, static_cast<Seconds>(std::time(nullptr)));
    consecutive_ids_ = consecutive_autoinc(*lease);
  } catch (const DbError& e) {
    throw std::runtime_error(std::string("MariaDB schema migration failed: ") + e.what());
  }
}

bool MariaDbStorage::ping() {
  try {
    Lease lease = pool_.acquire();
    return lease->ping();
  } catch (const DbError&) {
    return false;
  }
}

}  // namespace im::host::mariadb
