// The Storage adapters the conformance suite runs against. Every TEMPLATE_TEST_CASE of
// tests/storage is instantiated once per backend listed in IM_STORAGE_BACKENDS.
//
// A backend is a struct with
//   static constexpr const char* name;              // for messages
//   static std::shared_ptr<im::Storage> make();     // a fresh, empty, migrated database
// make() is called once per test case (and section run), so tests never see each other's rows.
//
// Adding the MariaDB adapter: define `struct MariaDbBackend` (e.g. in a mariadb_backend.hpp
// included below, creating and dropping a scratch database from the environment's connection
// settings), then compile the suite with IM_TEST_WITH_MARIADB so it joins the list:
//
//   #ifdef IM_TEST_WITH_MARIADB
//   #include "storage/mariadb_backend.hpp"
//   #define IM_STORAGE_BACKENDS SqliteBackend, SqliteFileBackend, MariaDbBackend
//   #endif
#pragma once

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include <unistd.h>

#include "im/sqlite_storage.hpp"
#include "im/storage.hpp"

namespace im_test {

// SQLite in memory: a private database per call.
struct SqliteBackend {
  static constexpr const char* name = "sqlite";
  static std::shared_ptr<im::Storage> make() {
    auto store = std::make_shared<im::Storage>(im::make_sqlite_storage(":memory:").value());
    store->database->migrate();
    return store;
  }
};

// SQLite on a file (WAL, synchronous=FULL): the path production runs take. The file and its WAL
// side files are removed when the last reference goes.
struct SqliteFileBackend {
  static constexpr const char* name = "sqlite-file";
  static std::string fresh_path() {
    static std::atomic<int> counter{0};
    auto dir = std::filesystem::temp_directory_path();
    return (dir / ("im_storage_test_" + std::to_string(::getpid()) + "_" +
                   std::to_string(counter++) + ".db"))
        .string();
  }
  static void remove_files(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
      std::filesystem::remove(path + suffix);
  }
  static std::shared_ptr<im::Storage> make() {
    auto path = fresh_path();
    remove_files(path);
    auto store = std::make_shared<im::Storage>(im::make_sqlite_storage(path).value());
    store->database->migrate();
    auto* raw = store.get();
    return std::shared_ptr<im::Storage>(raw, [store, path](im::Storage*) mutable {
      store.reset();
      remove_files(path);
    });
  }
};

}  // namespace im_test

#ifdef IM_TEST_WITH_MARIADB
#include "storage/mariadb_backend.hpp"  // defines im_test::MariaDbBackend
#define IM_STORAGE_BACKENDS \
  im_test::SqliteBackend, im_test::SqliteFileBackend, im_test::MariaDbBackend
#else
#define IM_STORAGE_BACKENDS im_test::SqliteBackend, im_test::SqliteFileBackend
#endif
