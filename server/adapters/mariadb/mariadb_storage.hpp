// The production Storage adapter over MariaDB (libmariadb, the MySQL C API), design.md "adapters".
#pragma once

#include <memory>
#include <optional>
#include <utility>

#include "im/storage.hpp"
#include "server/config/host_config.hpp"

namespace im::host {

// Connects lazily: the pool opens connections on first use, so construction never blocks on the
// network. migrate() creates or upgrades the schema (docs/contract/data-model.md 6, 7) and inserts
// the seeds.
Storage make_mariadb_storage(const DatabaseConfig& config);

// {connections in use, pool size} when `database` is the MariaDB adapter's (GET /metrics).
std::optional<std::pair<int, int>> mariadb_pool_usage(Database& database);

}  // namespace im::host
