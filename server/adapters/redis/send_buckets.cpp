// SharedSendBuckets over Redis: one key per user, `send_bucket::<userId>`, holding the theoretical
// arrival time (µs on Redis' clock, so that the nodes' clocks never meet) of the user's shared
// bucket; it expires once the bucket is full again. A report of many users is one EVAL on the
// shared pipelined connection; its completion runs on the Redis loop and nothing waits for it.
#include <fmt/format.h>

#include "server/adapters/redis/async_client.hpp"
#include "server/adapters/redis/redis_adapters.hpp"

namespace im::host {

namespace {

// KEYS: one bucket per user. ARGV[1] µs per message, ARGV[2] the cap (µs ahead of now),
// ARGV[i + 2] the messages charged to KEYS[i]. Returns, per key, µs ahead of now afterwards.
// Lua numbers are doubles: µs since the epoch stay exact (< 2^53).
constexpr std::string_view kChargeScript =
    "local t = redis.call('TIME') "
    "local now = tonumber(t[1]) * 1000000 + tonumber(t[2]) "
    "local interval, cap = tonumber(ARGV[1]), tonumber(ARGV[2]) "
    "local ahead = {} "
    "for i, key in ipairs(KEYS) do "
    "  local tat = math.max(tonumber(redis.call('GET', key) or '0'), now) "
    "  tat = math.min(tat + tonumber(ARGV[i + 2]) * interval, now + cap) "
    "  if tat > now then "
    "    redis.call('SET', key, string.format('%.0f', tat), 'PX', math.ceil((tat - now) / 1000)) "
    "  end "
    "  ahead[i] = tat - now "
    "end "
    "return ahead";

class RedisSendBuckets final : public SharedSendBuckets {
 public:
  explicit RedisSendBuckets(std::shared_ptr<redis::Client> client) : client_(std::move(client)) {}

  void charge(std::vector<Charge> charges, std::int64_t interval_us, std::int64_t cap_us,
              Done done) override {
    redis::Command eval{"EVAL", std::string(kChargeScript), std::to_string(charges.size())};
    eval.reserve(3 + 2 * charges.size() + 2);
    for (const Charge& c : charges) eval.push_back(fmt::format("send_bucket::{}", c.user));
    eval.push_back(std::to_string(interval_us));
    eval.push_back(std::to_string(cap_us));
    for (const Charge& c : charges) eval.push_back(std::to_string(c.sent));
    client_->async({std::move(eval)}, [done = std::move(done)](redis::Outcome outcome) {
      std::vector<std::int64_t> ahead;
      if (outcome.ok() && outcome.replies.size() == 1 &&
          outcome.replies[0].type == redis::Value::Type::array) {
        for (const redis::Value& v : outcome.replies[0].elements) ahead.push_back(v.integer);
      }
      done(std::move(ahead));
    });
  }

 private:
  std::shared_ptr<redis::Client> client_;
};

}  // namespace

std::shared_ptr<SharedSendBuckets> make_redis_send_buckets(const RedisConfig& config) {
  return std::make_shared<RedisSendBuckets>(redis::Client::shared(config));
}

}  // namespace im::host
