// Cache over Redis: the user JSON cache and the rate-limit counters (data-model.md 5).
#include <hiredis/hiredis.h>

#include "server/adapters/redis/pool.hpp"

namespace im::host {

namespace {

// INCR and the expiry on creation in one atomic step, so a counter never outlives its window
// even when the client dies between the two commands.
constexpr std::string_view kIncrementScript =
    "local v = redis.call('INCR', KEYS[1]) "
    "if v == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end "
    "return v";

class RedisCache final : public Cache {
 public:
  explicit RedisCache(const RedisConfig& config) : pool_(config) {}

  std::optional<std::string> get(std::string_view key) override {
    return pool_.run([&](redis::Connection& c) -> std::optional<std::string> {
      auto r = c.command({"GET", key});
      if (r->type != REDIS_REPLY_STRING) return std::nullopt;
      return std::string(r->str, r->len);
    });
  }

  void set(std::string_view key, std::string_view value, std::chrono::seconds ttl) override {
    const std::string secs = std::to_string(ttl.count());
    pool_.run([&](redis::Connection& c) {
      c.command({"SET", key, value, "EX", secs});
      return 0;
    });
  }

  void del(std::string_view key) override {
    pool_.run([&](redis::Connection& c) {
      c.command({"DEL", key});
      return 0;
    });
  }

  std::int64_t increment(std::string_view key, std::chrono::seconds ttl) override {
    const std::string secs = std::to_string(ttl.count());
    return pool_.run([&](redis::Connection& c) -> std::int64_t {
      auto r = c.command({"EVAL", kIncrementScript, "1", key, secs});
      return r->type == REDIS_REPLY_INTEGER ? r->integer : 0;
    });
  }

  std::optional<std::int64_t> ttl(std::string_view key) override {
    return pool_.run([&](redis::Connection& c) -> std::optional<std::int64_t> {
      auto r = c.command({"TTL", key});
      if (r->type != REDIS_REPLY_INTEGER || r->integer == -2) return std::nullopt;
      return static_cast<std::int64_t>(r->integer);
    });
  }

 private:
  redis::Pool pool_;
};

}  // namespace

std::shared_ptr<Cache> make_redis_cache(const RedisConfig& config) {
  return std::make_shared<RedisCache>(config);
}

}  // namespace im::host
