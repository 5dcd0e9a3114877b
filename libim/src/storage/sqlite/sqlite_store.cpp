// Opening the embedded store: connection settings and the public factory.
#include "storage/sqlite/sqlite_store.hpp"

#include "im/sqlite_storage.hpp"

namespace im::sqlite {

SqliteStore::SqliteStore(const std::string& path, SqliteSync sync) : db_(path), readers_(path) {
  // Foreign keys are off by default in SQLite; docs/contract/data-model.md 2 relies on them (J13,
  // cascades).
  db_.exec("PRAGMA foreign_keys = ON");
  // WAL lets readers of other processes (backups, sqlite3 shell) proceed during writes; an
  // in-memory database simply stays in "memory" mode. FULL (default): a message acked 200 to
  // its sender survives a power cut; the batching writer amortises the fsyncs. NORMAL: it
  // survives the process dying, not the machine (SQLITE_SYNC, im/sqlite_storage.hpp).
  db_.exec("PRAGMA journal_mode = WAL");
  db_.exec(sync == SqliteSync::full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
}

}  // namespace im::sqlite

namespace im {

std::shared_ptr<Storage> make_sqlite_storage(const std::string& path, SqliteSync sync) {
  return std::make_shared<sqlite::SqliteStore>(path, sync);
}

}  // namespace im
