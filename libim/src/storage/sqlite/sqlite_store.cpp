// Opening the embedded store: connection settings and the public factories.
#include "storage/sqlite/sqlite_store.hpp"

#include <exception>

#include "im/clock.hpp"

namespace im::sqlite {

SqliteDatabase::SqliteDatabase(const std::string& path, SqliteSync sync)
    : db_(path), readers_(path) {
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

Result<Storage> make_sqlite_storage(const std::string& path, SqliteSync sync) {
  std::shared_ptr<sqlite::SqliteDatabase> db;
  try {  // opening is the one place the SQLite layer throws: not across the public API
    db = std::make_shared<sqlite::SqliteDatabase>(path, sync);
  } catch (const std::exception& e) {
    return Error{
        Errc::storage, 500, {}, "cannot open the SQLite database " + path + ": " + e.what()};
  }
  return Storage{db,
                 sqlite::make_user_store(db),
                 sqlite::make_permission_store(db),
                 sqlite::make_friend_store(db),
                 sqlite::make_notify_store(db),
                 sqlite::make_group_store(db),
                 sqlite::make_message_store(db),
                 sqlite::make_release_store(db),
                 sqlite::make_block_store(db),
                 sqlite::make_history_store(db),
                 sqlite::make_presence_store(db),
                 sqlite::make_receipt_store(db),
                 sqlite::make_admin_store(db),
                 sqlite::make_sync_store(db),
                 sqlite::make_push_outbox_store(db)};
}

Result<EnginePorts> make_embedded_ports(const std::string& sqlite_path) {
  auto storage = make_sqlite_storage(sqlite_path);
  if (!storage) return storage.error();
  EnginePorts ports;
  ports.storage = std::move(storage).value();
  ports.tokens = make_memory_token_store();
  ports.cache = make_memory_cache();
  ports.clock = make_system_clock();
  return ports;
}

}  // namespace im
