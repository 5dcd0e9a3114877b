// A small blocking connection pool for the worker threads. A call that fails on a reused
// connection (typically: Redis restarted since it was last used) is retried once on a fresh one.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "server/adapters/redis/connection.hpp"
#include "server/adapters/redis/redis_adapters.hpp"

namespace im::host::redis {

class Pool {
 public:
  explicit Pool(RedisConfig config, int size = 8) : config_(std::move(config)), size_(size) {}

  template <class F>
  auto run(F&& f) {
    for (int attempt = 0;; ++attempt) {
      bool reused = false;
      auto conn = acquire(reused);
      try {
        auto result = f(*conn);
        release(std::move(conn));
        return result;
      } catch (const RedisUnavailable&) {
        bool lost = conn->broken();
        release(std::move(conn));
        if (!lost || !reused || attempt > 0) throw;
      }
    }
  }

 private:
  std::unique_ptr<Connection> acquire(bool& reused);
  void release(std::unique_ptr<Connection> conn);

  RedisConfig config_;
  int size_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int leased_ = 0;
};

}  // namespace im::host::redis
