// The embedded Storage adapter (SQLite). ":memory:" gives a private in-memory database.
#pragma once

#include <memory>
#include <string>

#include "im/storage.hpp"

namespace im {

// When a commit reaches the disk. `full` (the default): every commit is fsynced before it
// returns, so an acked message survives a power cut. `normal`: commits are written to the WAL
// without an fsync (the WAL is synced at checkpoints); an acked message still survives the
// process being killed (kill -9, a crash), but a power cut or kernel crash may lose the last
// commits. The database is never corrupted either way.
enum class SqliteSync { full, normal };

std::shared_ptr<Storage> make_sqlite_storage(const std::string& path,
                                             SqliteSync sync = SqliteSync::full);

}  // namespace im
