// The row mapping of the MariaDB queries: the readers and column counts shared with the other SQL
// adapter (im/storage/sql_rows.hpp) and their SELECT lists in MariaDB's quoting, so every query
// that returns a user, group, notify, ... selects the columns its reader expects, in order.
#pragma once

#include <string>

#include "im/storage/sql_rows.hpp"
#include "im/types.hpp"
#include "server/adapters/mariadb/mariadb_connection.hpp"
#include "server/adapters/mariadb/value.hpp"

namespace im::host::mariadb {

using namespace im::sql;

// kColumns.user is "u.`id`, u.`account`, ..."; each list has the alias of its table.
inline const SelectLists kColumns{'`'};

// DATETIME parameter text for an epoch time (UTC+08:00 wall clock,
// docs/contract/data-model.md 1.3).
std::string db_time(Seconds t);

// Inserts a Notifies row (notifies.cpp); delete_friendship uses it inside its transaction.
void insert_notify(MariaDbConnection& c, const Notify& n);

}  // namespace im::host::mariadb
