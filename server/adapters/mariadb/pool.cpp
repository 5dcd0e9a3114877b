#include "server/adapters/mariadb/pool.hpp"

#include "server/adapters/mariadb/db_error.hpp"

namespace im::host::mariadb {

namespace {
// A connection idle longer than this is pinged before use, so a server restart costs no
// failed request once the server is back.
constexpr auto kPingAfterIdle = std::chrono::seconds(1);
constexpr auto kAcquireTimeout = std::chrono::seconds(10);
}  // namespace

Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_),
      conn_(std::move(other.conn_)),
      in_transaction_(std::exchange(other.in_transaction_, false)) {}

Lease::~Lease() {
  if (!conn_) return;
  if (in_transaction_ && !conn_->broken()) {
    try {
      conn_->run("ROLLBACK");
    } catch (...) {
      // run() marked the connection broken; the pool drops it.
    }
  }
  pool_->release(std::move(conn_));
}

void Lease::begin() {
  conn_->run("START TRANSACTION");
  in_transaction_ = true;
}

void Lease::commit() {
  conn_->run("COMMIT");
  in_transaction_ = false;
}

Pool::Pool(DatabaseConfig config) : config_(std::move(config)), size_(config_.pool_size) {
  if (size_ < 1) size_ = 1;
}

int Pool::in_use() const {
  std::lock_guard lock(mutex_);
  return leased_;
}

Lease Pool::acquire() {
  std::unique_ptr<MariaDbConnection> conn;
  {
    std::unique_lock lock(mutex_);
    bool ready = freed_.wait_for(lock, kAcquireTimeout, [&] {
      return !idle_.empty() || leased_ + static_cast<int>(idle_.size()) < size_;
    });
    if (!ready) throw DbError(StoreErrc::unavailable, 0, "connection pool exhausted");
    if (!idle_.empty()) {
      conn = std::move(idle_.back());
      idle_.pop_back();
    }
    ++leased_;
  }
  try {
    if (conn && std::chrono::steady_clock::now() - conn->last_used() > kPingAfterIdle &&
        !conn->ping()) {
      conn.reset();
    }
    if (!conn) conn = std::make_unique<MariaDbConnection>(config_);
  } catch (...) {
    std::lock_guard lock(mutex_);
    --leased_;
    freed_.notify_one();
    throw;
  }
  return Lease(*this, std::move(conn));
}

void Pool::release(std::unique_ptr<MariaDbConnection> conn) {
  std::lock_guard lock(mutex_);
  --leased_;
  if (conn && !conn->broken()) idle_.push_back(std::move(conn));
  freed_.notify_one();
}

}  // namespace im::host::mariadb
