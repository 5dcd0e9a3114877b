// The row mapping of the SQLite queries: the readers and column counts shared with the other SQL
// adapter (im/storage/sql_rows.hpp) and their SELECT lists in SQLite's quoting, so every query
// that returns a user, group, notify, ... selects the columns its reader expects, in order.
#pragma once

#include "im/storage/sql_rows.hpp"
#include "im/types.hpp"
#include "storage/sqlite/connection.hpp"

namespace im::sqlite {

using namespace im::sql;

// kColumns.user is `u."id", u."account", ...`; each list has the alias of its table.
inline const SelectLists kColumns{'"'};

// Inserts a Notifies row (notifies.cpp); delete_friendship uses it inside its transaction.
void insert_notify(Db& db, const Notify& notify);

}  // namespace im::sqlite
