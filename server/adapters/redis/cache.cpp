// Cache over Redis: the user JSON cache and the rate-limit counters (data-model.md 5).
#include "server/adapters/redis/async_client.hpp"
#include "server/adapters/redis/redis_adapters.hpp"

namespace im::host {

namespace {

using redis::Value;

// INCR and the expiry on creation in one atomic step, so a counter never outlives its window
// even when the client dies between the two commands.
constexpr std::string_view kIncrementScript =
    "local v = redis.call('INCR', KEYS[1]) "
    "if v == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end "
    "return v";

class RedisCache final : public Cache {
 public:
  explicit RedisCache(std::shared_ptr<redis::Client> client) : client_(std::move(client)) {}

  std::optional<std::string> get(std::string_view key) override {
    Value r = client_->run({"GET", std::string(key)});
    if (r.type != Value::Type::string) return std::nullopt;
    return std::move(r.str);
  }

  void set(std::string_view key, std::string_view value, std::chrono::seconds ttl) override {
    client_->run({"SET", std::string(key), std::string(value), "EX", std::to_string(ttl.count())});
  }

  void del(std::string_view key) override { client_->run({"DEL", std::string(key)}); }

  std::int64_t increment(std::string_view key, std::chrono::seconds ttl) override {
    Value r = client_->run({"EVAL", std::string(kIncrementScript), "1", std::string(key),
                            std::to_string(ttl.count())});
    return r.type == Value::Type::integer ? r.integer : 0;
  }

  std::optional<std::int64_t> ttl(std::string_view key) override {
    Value r = client_->run({"TTL", std::string(key)});
    if (r.type != Value::Type::integer || r.integer == -2) return std::nullopt;
    return static_cast<std::int64_t>(r.integer);
  }

 private:
  std::shared_ptr<redis::Client> client_;
};

}  // namespace

std::shared_ptr<Cache> make_redis_cache(const RedisConfig& config) {
  return std::make_shared<RedisCache>(redis::Client::shared(config));
}

}  // namespace im::host
