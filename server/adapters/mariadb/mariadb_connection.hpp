// One client connection with a cache of prepared statements. Not thread-safe: a connection is
// used by one thread at a time through a pool lease (pool.hpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "server/adapters/mariadb/value.hpp"
#include "server/config/host_config.hpp"

struct st_mysql;
struct st_mysql_stmt;

namespace im::host::mariadb {

class MariaDbConnection {
 public:
  // Throws DbError(unavailable) when the server cannot be reached or refuses the login.
  explicit MariaDbConnection(const DatabaseConfig& config);
  ~MariaDbConnection();
  MariaDbConnection(const MariaDbConnection&) = delete;
  MariaDbConnection& operator=(const MariaDbConnection&) = delete;

  // A statement without parameters and without a result (DDL, START TRANSACTION).
  void run(const std::string& sql);
  // Prepared statement with bound parameters; returns the affected (matched) row count.
  std::uint64_t exec(const std::string& sql, const Params& params = {});
  // Prepared query returning every row.
  Rows query(const std::string& sql, const Params& params = {});
  // AUTO_INCREMENT id of the last exec() that inserted rows (the first id of a multi-row insert).
  std::uint64_t last_insert_id() const { return last_insert_id_; }

  bool ping();
  bool broken() const { return broken_; }
  std::chrono::steady_clock::time_point last_used() const { return last_used_; }
  void touch() { last_used_ = std::chrono::steady_clock::now(); }

 private:
  st_mysql_stmt* prepared(const std::string& sql);
  void execute(st_mysql_stmt* stmt, const Params& params);
  [[noreturn]] void fail_connection(const char* what);
  [[noreturn]] void fail_statement(st_mysql_stmt* stmt, const std::string& sql);

  st_mysql* mysql_ = nullptr;
  bool broken_ = false;
  std::uint64_t last_insert_id_ = 0;
  std::chrono::steady_clock::time_point last_used_;
  // Keyed by SQL text; texts are fixed strings or differ only in placeholder counts.
  std::unordered_map<std::string, st_mysql_stmt*> statements_;
};

}  // namespace im::host::mariadb
