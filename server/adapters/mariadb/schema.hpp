// Schema creation, versioned migrations and seeds (docs/contract/data-model.md 3, 6, 7).
#pragma once

#include "im/types.hpp"
#include "server/adapters/mariadb/mariadb_connection.hpp"

namespace im::host::mariadb {

// Creates the missing tables, applies the pending migrations (recorded in SchemaMigrations),
// repairs a database created by the original server (section 6) and inserts missing seeds.
// Serialised across server nodes with a named lock. Throws DbError.
void migrate_schema(MariaDbConnection& conn, Seconds now);

// True when multi-row INSERTs get consecutive AUTO_INCREMENT ids on this server
// (innodb_autoinc_lock_mode 0 or 1, auto_increment_increment 1).
bool consecutive_autoinc(MariaDbConnection& conn);

}  // namespace im::host::mariadb
