// The sync clock of the MariaDB adapter (im/storage/sync_store.hpp): one row that every message
// change advances inside its transaction. The UPDATE locks the row until the transaction ends, so
// writers on every node take their seqs one after the other and commit in seq order; the new
// value comes back with the UPDATE itself (LAST_INSERT_ID(expr)), no extra round trip.
#pragma once

#include <cstdint>

#include "server/adapters/mariadb/mariadb_connection.hpp"

namespace im::host::mariadb {

// Advances the clock by `count` and returns the first of the `count` seqs taken.
inline std::int64_t take_sync_seqs(MariaDbConnection& c, std::int64_t count) {
  c.exec("UPDATE `SyncClock` SET `seq` = LAST_INSERT_ID(`seq` + ?)", {count});
  return static_cast<std::int64_t>(c.last_insert_id()) - count + 1;
}

}  // namespace im::host::mariadb
