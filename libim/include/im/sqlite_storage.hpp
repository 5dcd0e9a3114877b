// The embedded storage adapter (SQLite), CMake target im::sqlite (find_package(im COMPONENTS
// sqlite)). ":memory:" gives a private in-memory database.
#pragma once

#include <string>

#include "im/engine.hpp"
#include "im/result.hpp"
#include "im/storage.hpp"

namespace im {

// When a commit reaches the disk. `full` (the default): every commit is fsynced before it
// returns, so an acked message survives a power cut. `normal`: commits are written to the WAL
// without an fsync (the WAL is synced at checkpoints); an acked message still survives the
// process being killed (kill -9, a crash), but a power cut or kernel crash may lose the last
// commits. The database is never corrupted either way.
enum class SqliteSync { full, normal };

// Opens (creating if needed) the database. Error `storage` when it cannot (the detail says why:
// a missing directory, no permission, not a database).
Result<Storage> make_sqlite_storage(const std::string& path, SqliteSync sync = SqliteSync::full);

// The embedded default of an Engine: SQLite at `sqlite_path` (":memory:" for a throw-away
// database) and the in-process token store and cache. Errors as make_sqlite_storage.
Result<EnginePorts> make_embedded_ports(const std::string& sqlite_path);

}  // namespace im
