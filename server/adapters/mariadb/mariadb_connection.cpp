#include "server/adapters/mariadb/mariadb_connection.hpp"

#include <mariadb/mysql.h>

#include <cstring>

#include "server/adapters/mariadb/db_error.hpp"

namespace im::host::mariadb {

namespace {

// Prepared statements per connection; beyond this (rare, placeholder-count variants) the
// cache is cleared rather than growing without bound.
constexpr std::size_t kStatementCacheLimit = 256;

void set_uint(MYSQL* m, mysql_option opt, unsigned v) {
  mysql_options(m, opt, &v);
}

}  // namespace

MariaDbConnection::MariaDbConnection(const DatabaseConfig& config) {
  mysql_ = mysql_init(nullptr);
  if (!mysql_) throw DbError(StoreErrc::unavailable, 0, "mysql_init failed");
  set_uint(mysql_, MYSQL_OPT_CONNECT_TIMEOUT, 3);
  set_uint(mysql_, MYSQL_OPT_READ_TIMEOUT, 30);
  set_uint(mysql_, MYSQL_OPT_WRITE_TIMEOUT, 30);
  my_bool no = 0;
  mysql_options(mysql_, MYSQL_OPT_RECONNECT, &no);  // reconnects are the pool's job
  mysql_options(mysql_, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  // Strict mode: too-long values fail instead of being truncated (docs/contract/data-model.md 1.5).
  mysql_options(mysql_, MYSQL_INIT_COMMAND,
                "SET NAMES utf8mb4 COLLATE utf8mb4_general_ci, "
                "SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION'");
  // CLIENT_FOUND_ROWS: UPDATE reports matched rows, so "the row exists" does not depend on
  // whether a value changed (B16).
  if (!mysql_real_connect(mysql_, config.host.c_str(), config.user.c_str(), config.password.c_str(),
                          config.name.c_str(), config.port, nullptr, CLIENT_FOUND_ROWS)) {
    std::string what = std::string("connect: ") + mysql_error(mysql_);
    unsigned err = mysql_errno(mysql_);
    mysql_close(mysql_);
    mysql_ = nullptr;
    throw DbError(StoreErrc::unavailable, err, what);
  }
  touch();
}

MariaDbConnection::~MariaDbConnection() {
  for (auto& [sql, stmt] : statements_) mysql_stmt_close(stmt);
  if (mysql_) mysql_close(mysql_);
}

void MariaDbConnection::fail_connection(const char* what) {
  unsigned err = mysql_errno(mysql_);
  if (connection_lost(err)) broken_ = true;
  throw DbError(classify(err), err, std::string(what) + ": " + mysql_error(mysql_));
}

void MariaDbConnection::fail_statement(MYSQL_STMT* stmt, const std::string& sql) {
  unsigned err = mysql_stmt_errno(stmt);
  std::string what = std::string(mysql_stmt_error(stmt)) + " [" + sql.substr(0, 120) + "]";
  if (connection_lost(err)) {
    broken_ = true;
  } else {
    mysql_stmt_reset(stmt);
  }
  throw DbError(classify(err), err, what);
}

void MariaDbConnection::run(const std::string& sql) {
  if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0) fail_connection("query");
  // Drain any result so the connection stays in sync.
  do {
    if (MYSQL_RES* res = mysql_store_result(mysql_)) mysql_free_result(res);
  } while (mysql_next_result(mysql_) == 0);
  if (mysql_errno(mysql_) != 0) fail_connection("query");
}

MYSQL_STMT* MariaDbConnection::prepared(const std::string& sql) {
  if (auto it = statements_.find(sql); it != statements_.end()) return it->second;
  if (statements_.size() >= kStatementCacheLimit) {
    for (auto& [text, stmt] : statements_) mysql_stmt_close(stmt);
    statements_.clear();
  }
  MYSQL_STMT* stmt = mysql_stmt_init(mysql_);
  if (!stmt) fail_connection("mysql_stmt_init");
  if (mysql_stmt_prepare(stmt, sql.data(), sql.size()) != 0) {
    unsigned err = mysql_stmt_errno(stmt);
    std::string what = std::string("prepare: ") + mysql_stmt_error(stmt) + " [" + sql + "]";
    mysql_stmt_close(stmt);
    if (connection_lost(err)) broken_ = true;
    throw DbError(classify(err), err, what);
  }
  my_bool update_max = 1;  // exact buffer sizes for stored results
  mysql_stmt_attr_set(stmt, STMT_ATTR_UPDATE_MAX_LENGTH, &update_max);
  statements_.emplace(sql, stmt);
  return stmt;
}

void MariaDbConnection::execute(MYSQL_STMT* stmt, const Params& params) {
  std::vector<MYSQL_BIND> binds(params.size());
  std::vector<std::int64_t> ints(params.size());
  std::vector<unsigned long> lengths(params.size());
  for (std::size_t i = 0; i < params.size(); ++i) {
    MYSQL_BIND& b = binds[i];
    std::memset(&b, 0, sizeof b);
    const Param& p = params[i];
    switch (p.kind) {
      case Param::Kind::null:
        b.buffer_type = MYSQL_TYPE_NULL;
        break;
      case Param::Kind::integer:
        ints[i] = p.integer;
        b.buffer_type = MYSQL_TYPE_LONGLONG;
        b.buffer = &ints[i];
        break;
      case Param::Kind::text:
        lengths[i] = p.text.size();
        b.buffer_type = MYSQL_TYPE_STRING;
        b.buffer = const_cast<char*>(p.text.data());
        b.buffer_length = p.text.size();
        b.length = &lengths[i];
        break;
    }
  }
  if (mysql_stmt_param_count(stmt) != params.size()) {
    throw DbError(StoreErrc::other, 0, "parameter count mismatch");
  }
  if (!params.empty() && mysql_stmt_bind_param(stmt, binds.data()) != 0) {
    fail_statement(stmt, "bind");
  }
  if (mysql_stmt_execute(stmt) != 0) fail_statement(stmt, "execute");
  touch();
}

std::uint64_t MariaDbConnection::exec(const std::string& sql, const Params& params) {
  MYSQL_STMT* stmt = prepared(sql);
  execute(stmt, params);
  std::uint64_t affected = mysql_stmt_affected_rows(stmt);
  if (affected == static_cast<std::uint64_t>(-1)) affected = 0;
  last_insert_id_ = mysql_stmt_insert_id(stmt);
  mysql_stmt_free_result(stmt);
  return affected;
}

Rows MariaDbConnection::query(const std::string& sql, const Params& params) {
  MYSQL_STMT* stmt = prepared(sql);
  execute(stmt, params);
  MYSQL_RES* meta = mysql_stmt_result_metadata(stmt);
  if (!meta) return {};
  struct MetaGuard {
    MYSQL_RES* m;
    ~MetaGuard() { mysql_free_result(m); }
  } guard{meta};
  if (mysql_stmt_store_result(stmt) != 0) fail_statement(stmt, sql);

  const unsigned n = mysql_num_fields(meta);
  MYSQL_FIELD* fields = mysql_fetch_fields(meta);
  std::vector<MYSQL_BIND> binds(n);
  std::vector<std::string> buffers(n);
  std::vector<unsigned long> lengths(n);
  std::vector<my_bool> nulls(n), errors(n);
  for (unsigned i = 0; i < n; ++i) {
    buffers[i].resize(std::max<unsigned long>(fields[i].max_length, 64) + 1);
    MYSQL_BIND& b = binds[i];
    std::memset(&b, 0, sizeof b);
    b.buffer_type = MYSQL_TYPE_STRING;  // the library converts numbers and dates to text
    b.buffer = buffers[i].data();
    b.buffer_length = buffers[i].size();
    b.length = &lengths[i];
    b.is_null = &nulls[i];
    b.error = &errors[i];
  }
  if (mysql_stmt_bind_result(stmt, binds.data()) != 0) fail_statement(stmt, sql);

  Rows rows;
  rows.reserve(mysql_stmt_num_rows(stmt));
  for (;;) {
    int rc = mysql_stmt_fetch(stmt);
    if (rc == MYSQL_NO_DATA) break;
    if (rc == 1) fail_statement(stmt, sql);
    std::vector<std::optional<std::string>> cols(n);
    for (unsigned i = 0; i < n; ++i) {
      if (nulls[i]) continue;
      if (lengths[i] <= binds[i].buffer_length) {
        cols[i].emplace(buffers[i].data(), lengths[i]);
        continue;
      }
      // Truncated (max_length under-reported): fetch the full value of this column.
      std::string full(lengths[i], '\0');
      MYSQL_BIND one;
      std::memset(&one, 0, sizeof one);
      unsigned long len = 0;
      one.buffer_type = MYSQL_TYPE_STRING;
      one.buffer = full.data();
      one.buffer_length = full.size();
      one.length = &len;
      if (mysql_stmt_fetch_column(stmt, &one, i, 0) != 0) fail_statement(stmt, sql);
      full.resize(std::min<unsigned long>(len, full.size()));
      cols[i] = std::move(full);
    }
    rows.emplace_back(std::move(cols));
  }
  mysql_stmt_free_result(stmt);
  return rows;
}

bool MariaDbConnection::ping() {
  if (broken_) return false;
  if (mysql_ping(mysql_) != 0) {
    broken_ = true;
    return false;
  }
  touch();
  return true;
}

}  // namespace im::host::mariadb
