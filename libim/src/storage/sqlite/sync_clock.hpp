// The sync clock of the SQLite adapter (im/storage/sync_store.hpp): one row, advanced inside the
// caller's write transaction. The single writer connection already serialises the changes, so
// they commit in seq order.
#pragma once

#include <cstdint>

#include "storage/sqlite/connection.hpp"

namespace im::sqlite {

// Advances the clock by `count` and returns the first of the `count` seqs taken.
inline std::int64_t take_sync_seqs(Db& db, std::int64_t count) {
  db.prepare(R"sql(UPDATE "SyncClock" SET "seq" = "seq" + ?)sql").bind(count).run();
  auto last = db.prepare(R"sql(SELECT "seq" FROM "SyncClock")sql");
  return (last.step() ? last.i64(0) : count) - count + 1;
}

}  // namespace im::sqlite
