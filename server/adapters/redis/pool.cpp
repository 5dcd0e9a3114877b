#include "server/adapters/redis/pool.hpp"

#include <chrono>

namespace im::host::redis {

std::unique_ptr<Connection> Pool::acquire(bool& reused) {
  std::unique_ptr<Connection> conn;
  {
    std::unique_lock lock(mutex_);
    bool ready = freed_.wait_for(lock, std::chrono::seconds(10), [&] {
      return !idle_.empty() || leased_ + static_cast<int>(idle_.size()) < size_;
    });
    if (!ready) throw RedisUnavailable("redis connection pool exhausted");
    if (!idle_.empty()) {
      conn = std::move(idle_.back());
      idle_.pop_back();
    }
    ++leased_;
  }
  reused = conn != nullptr;
  if (conn) return conn;
  try {
    return std::make_unique<Connection>(config_);
  } catch (...) {
    std::lock_guard lock(mutex_);
    --leased_;
    freed_.notify_one();
    throw;
  }
}

void Pool::release(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(mutex_);
  --leased_;
  if (conn && !conn->broken()) idle_.push_back(std::move(conn));
  freed_.notify_one();
}

}  // namespace im::host::redis
