// The production Storage adapter over MariaDB (libmariadb, the MySQL C API), design.md "adapters".
#pragma once

#include <memory>

#include "im/storage.hpp"
#include "server/config/host_config.hpp"

namespace im::host {

// Connects lazily: the pool opens connections on first use, so construction never blocks on the
// network. migrate() creates or upgrades the schema (data-model.md 6, 7) and inserts the seeds.
std::shared_ptr<Storage> make_mariadb_storage(const DatabaseConfig& config);

}  // namespace im::host
