// One SQLite connection with RAII statements and transactions (B10: every path resets or
// finalizes its statements and ends its transaction, also when an error unwinds the stack).
//
// Errors inside the adapter are thrown as SqlError and turned into StoreError at the Storage
// boundary (SqliteDatabase::guarded), so no exception ever leaves a port call.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "im/result.hpp"

namespace im::sqlite {

class SqlError : public std::exception {
 public:
  SqlError(StoreErrc code, std::string detail) : code_(code), detail_(std::move(detail)) {}
  StoreErrc code() const { return code_; }
  const char* what() const noexcept override { return detail_.c_str(); }

 private:
  StoreErrc code_;
  std::string detail_;
};

// Maps an extended result code to the port error kinds (result.hpp StoreErrc).
StoreErrc classify(int extended_code);

class Db;

// A prepared statement borrowed from the connection's cache (or owned, when the cached one is
// already in use). The destructor resets and unbinds it, or finalizes it when owned.
class Stmt {
 public:
  Stmt(Db& db, sqlite3_stmt* stmt, bool* in_use);
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt();

  // Binds the arguments to parameters 1..N (integers, bools, strings, nullopt, optionals).
  template <class... Args>
  Stmt& bind(const Args&... args) {
    int index = 1;
    (bind_one(index++, args), ...);
    return *this;
  }

  // Advances one row: true when a row is available, false when the statement is done.
  bool step();
  // Runs the statement to completion and returns sqlite3_changes().
  int run();
  // Every remaining row, each read by `read(*this)` (e.g. a reader of im/storage/sql_rows.hpp).
  template <class Read>
  auto all(Read read) -> std::vector<decltype(read(*this))> {
    std::vector<decltype(read(*this))> rows;
    while (step()) rows.push_back(read(*this));
    return rows;
  }

  bool is_null(int col) const;
  std::int64_t i64(int col) const;
  std::optional<std::int64_t> opt_i64(int col) const;
  std::string text(int col) const;
  std::optional<std::string> opt_text(int col) const;
  // DATETIME columns: UTC+08:00 wall-clock text (docs/contract/data-model.md 1.3) to epoch seconds.
  std::optional<std::int64_t> opt_time(int col) const;

 private:
  void bind_one(int index, std::nullopt_t);
  void bind_one(int index, std::string_view value);
  void bind_one(int index, const std::string& value) { bind_one(index, std::string_view(value)); }
  void bind_one(int index, const char* value) { bind_one(index, std::string_view(value)); }
  void bind_one(int index, bool value) { bind_int(index, value ? 1 : 0); }
  template <class T>
  requires std::is_integral_v<T> || std::is_enum_v<T>
  void bind_one(int index, T value) { bind_int(index, static_cast<std::int64_t>(value)); }
  template <class T>
  void bind_one(int index, const std::optional<T>& value) {
    if (value)
      bind_one(index, *value);
    else
      bind_one(index, std::nullopt);
  }
  void bind_int(int index, std::int64_t value);
  void check_bind(int rc);

  Db& db_;
  sqlite3_stmt* stmt_;
  bool* in_use_;  // the cache slot's flag; nullptr when this Stmt owns the statement
};

class Db {
 public:
  // Opens (creating if needed) the database; throws std::runtime_error on failure.
  explicit Db(const std::string& path, bool create = true);
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db();

  // A statement for `sql`, prepared once and kept for the connection's lifetime.
  // Looked up without building a std::string: it runs for every statement of every message.
  Stmt prepare(std::string_view sql);
  // Runs one or more statements without results (DDL, pragmas, BEGIN/COMMIT).
  void exec(const char* sql);
  std::int64_t last_insert_rowid() const;
  bool in_transaction() const;

  // Throws the SqlError for the connection's last error.
  [[noreturn]] void fail(int rc, std::string_view context) const;

 private:
  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };
  sqlite3* db_ = nullptr;
  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const {
      return std::hash<std::string_view>{}(sql);
    }
  };
  std::unordered_map<std::string, std::unique_ptr<Cached>, SqlHash, std::equal_to<>> cache_;
};

// BEGIN IMMEDIATE (write) or BEGIN (read snapshot) ... COMMIT; rolled back by the destructor
// unless committed.
class Transaction {
 public:
  enum Mode { write, read };
  explicit Transaction(Db& db, Mode mode = write);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();

 private:
  Db& db_;
  bool done_ = false;
};

// Epoch seconds to the stored DATETIME text (docs/contract/data-model.md 1.3).
std::string db_time(std::int64_t seconds);
std::optional<std::string> db_time(const std::optional<std::int64_t>& seconds);

}  // namespace im::sqlite
