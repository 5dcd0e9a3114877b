#include "storage/sqlite/connection.hpp"

#include <stdexcept>

#include "im/time_format.hpp"

namespace im::sqlite {

StoreErrc classify(int extended_code) {
  switch (extended_code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return StoreErrc::conflict;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return StoreErrc::foreign_key;
    default:
      return StoreErrc::other;
  }
}

// ---- Stmt

Stmt::Stmt(Db& db, sqlite3_stmt* stmt, bool* in_use) : db_(db), stmt_(stmt), in_use_(in_use) {}

Stmt::~Stmt() {
  if (in_use_) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    *in_use_ = false;
  } else {
    sqlite3_finalize(stmt_);
  }
}

void Stmt::check_bind(int rc) {
  if (rc != SQLITE_OK) db_.fail(rc, "bind");
}

void Stmt::bind_one(int index, std::nullopt_t) {
  check_bind(sqlite3_bind_null(stmt_, index));
}

void Stmt::bind_one(int index, std::string_view value) {
  check_bind(
      sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
}

void Stmt::bind_int(int index, std::int64_t value) {
  check_bind(sqlite3_bind_int64(stmt_, index, value));
}

bool Stmt::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  db_.fail(rc, sqlite3_sql(stmt_));
}

int Stmt::run() {
  while (step()) {
  }
  return sqlite3_changes(sqlite3_db_handle(stmt_));
}

bool Stmt::is_null(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

std::int64_t Stmt::i64(int col) const {
  return sqlite3_column_int64(stmt_, col);
}

std::optional<std::int64_t> Stmt::opt_i64(int col) const {
  if (is_null(col)) return std::nullopt;
  return i64(col);
}

std::string Stmt::text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  if (!p) return {};
  return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

std::optional<std::string> Stmt::opt_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}

std::optional<std::int64_t> Stmt::opt_time(int col) const {
  if (is_null(col)) return std::nullopt;
  return from_db_datetime(text(col));
}

// ---- Db

Db::Db(const std::string& path, bool create) {
  // Each connection is used by one thread at a time (the adapter's mutex, or a reader lease),
  // hence NOMUTEX. ":memory:" is private to its connection.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
  if (create) flags |= SQLITE_OPEN_CREATE;
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string why = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw std::runtime_error("cannot open SQLite database '" + path + "': " + why);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, 5000);
}

Db::~Db() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached->stmt);
  sqlite3_close(db_);
}

Stmt Db::prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end() && !it->second->in_use) {
    it->second->in_use = true;
    return Stmt(*this, it->second->stmt, &it->second->in_use);
  }
  sqlite3_stmt* stmt = nullptr;
  bool cache = it == cache_.end();
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              cache ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    fail(rc, sql);
  }
  if (!cache) return Stmt(*this, stmt, nullptr);  // the cached one is busy (nested use)
  auto slot = std::make_unique<Cached>();
  slot->stmt = stmt;
  slot->in_use = true;
  bool* flag = &slot->in_use;
  cache_.emplace(sql, std::move(slot));
  return Stmt(*this, stmt, flag);
}

void Db::exec(const char* sql) {
  char* message = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string detail = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    throw SqlError(classify(sqlite3_extended_errcode(db_)), detail);
  }
}

std::int64_t Db::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(db_);
}

bool Db::in_transaction() const {
  return sqlite3_get_autocommit(db_) == 0;
}

void Db::fail(int rc, std::string_view context) const {
  int extended = sqlite3_extended_errcode(db_);
  std::string detail = sqlite3_errmsg(db_);
  if (extended == SQLITE_OK) extended = rc;
  detail += " (";
  detail += context;
  detail += ")";
  throw SqlError(classify(extended), std::move(detail));
}

// ---- Transaction

Transaction::Transaction(Db& db, Mode mode) : db_(db) {
  // IMMEDIATE takes the write lock up front, so a second connection on the same file waits in
  // busy_timeout instead of failing half-way with SQLITE_BUSY.
  db_.exec(mode == write ? "BEGIN IMMEDIATE" : "BEGIN");
}

Transaction::~Transaction() {
  if (done_ || !db_.in_transaction()) return;
  try {
    db_.exec("ROLLBACK");
  } catch (...) {
    // Nothing more can be done; SQLite rolls back when the connection closes.
  }
}

void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

// ---- time

std::string db_time(std::int64_t seconds) {
  return to_db_datetime(seconds);
}

std::optional<std::string> db_time(const std::optional<std::int64_t>& seconds) {
  if (!seconds) return std::nullopt;
  return to_db_datetime(*seconds);
}

}  // namespace im::sqlite
