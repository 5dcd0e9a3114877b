// Cache over Redis: the user JSON cache, rate-limit counters and S9's failure logs
// (docs/contract/data-model.md 5).
#include <cstdlib>
#include <mutex>
#include <random>

#include <fmt/format.h>

#include "server/adapters/redis/async_client.hpp"
#include "server/adapters/redis/redis_adapters.hpp"
#include "server/adapters/redis/store_call.hpp"

namespace im::host {

namespace {

using redis::store_call;
using redis::Value;

// INCR and the expiry on creation in one atomic step, so a counter never outlives its window
// even when the client dies between the two commands.
constexpr std::string_view kIncrementScript =
    "local v = redis.call('INCR', KEYS[1]) "
    "if v == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end "
    "return v";

// S9's sliding windows as sorted sets (score = unix ms), trimmed and read in the same atomic
// step as the write. KEYS[1] log; ARGV now_ms, window_ms, keep, a unique member.
constexpr std::string_view kRecordEventScript =
    "local now = tonumber(ARGV[1]) "
    "redis.call('ZADD', KEYS[1], now, ARGV[4]) "
    "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2])) "
    "redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[3]) + 1)) "
    "redis.call('PEXPIRE', KEYS[1], ARGV[2]) "
    "return redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')";

// The scores of a WITHSCORES reply (member, score, member, score, ...).
std::vector<std::int64_t> scores_of(const Value& reply) {
  std::vector<std::int64_t> times;
  if (reply.type != Value::Type::array) return times;
  for (std::size_t i = 1; i < reply.elements.size(); i += 2)
    times.push_back(std::strtoll(reply.elements[i].str.c_str(), nullptr, 10));
  return times;
}

class RedisCache final : public Cache {
 public:
  explicit RedisCache(std::shared_ptr<redis::Client> client) : client_(std::move(client)) {}

  StoreResult<std::optional<std::string>> get(std::string_view key) override {
    return store_call([&]() -> std::optional<std::string> {
      Value r = client_->run({"GET", std::string(key)});
      if (r.type != Value::Type::string) return std::nullopt;
      return std::move(r.str);
    });
  }

  StoreResult<Done> set(std::string_view key, std::string_view value,
                        std::chrono::seconds ttl) override {
    return store_call([&] {
      client_->run(
          {"SET", std::string(key), std::string(value), "EX", std::to_string(ttl.count())});
      return Done{};
    });
  }

  StoreResult<Done> del(std::string_view key) override {
    return store_call([&] {
      client_->run({"DEL", std::string(key)});
      return Done{};
    });
  }

  StoreResult<std::int64_t> increment(std::string_view key, std::chrono::seconds ttl) override {
    return store_call([&]() -> std::int64_t {
      Value r = client_->run({"EVAL", std::string(kIncrementScript), "1", std::string(key),
                              std::to_string(ttl.count())});
      return r.type == Value::Type::integer ? r.integer : 0;
    });
  }

  StoreResult<std::optional<std::int64_t>> ttl(std::string_view key) override {
    return store_call([&]() -> std::optional<std::int64_t> {
      Value r = client_->run({"TTL", std::string(key)});
      if (r.type != Value::Type::integer || r.integer == -2) return std::nullopt;
      return static_cast<std::int64_t>(r.integer);
    });
  }

  StoreResult<std::vector<std::int64_t>> record_event(std::string_view key, std::int64_t now_ms,
                                                      std::chrono::milliseconds window,
                                                      std::size_t keep) override {
    return store_call([&] {
      // Members must differ even for events in the same millisecond on several nodes.
      std::string member = fmt::format("{}-{:016x}", now_ms, random_suffix());
      return scores_of(client_->run({"EVAL", std::string(kRecordEventScript), "1", std::string(key),
                                     std::to_string(now_ms), std::to_string(window.count()),
                                     std::to_string(keep), std::move(member)}));
    });
  }

  StoreResult<std::vector<std::int64_t>> recent_events(std::string_view key, std::int64_t now_ms,
                                                       std::chrono::milliseconds window) override {
    return store_call([&] {
      return scores_of(
          client_->run({"ZRANGEBYSCORE", std::string(key),
                        "(" + std::to_string(now_ms - window.count()), "+inf", "WITHSCORES"}));
    });
  }

 private:
  std::shared_ptr<redis::Client> client_;
  std::mutex unique_mutex_;
  std::mt19937_64 random_{std::random_device{}()};
  std::uint64_t random_suffix() {
    std::lock_guard lock(unique_mutex_);
    return random_();
  }
};

}  // namespace

std::shared_ptr<Cache> make_redis_cache(const RedisConfig& config) {
  return std::make_shared<RedisCache>(redis::Client::shared(config));
}

}  // namespace im::host
