// TokenStore over Redis with the original's key layout (data-model.md 4), so tokens issued by
// one node (or by the original server) are valid on every node.
#include <hiredis/hiredis.h>

#include "server/adapters/redis/pool.hpp"

namespace im::host {

namespace {

class RedisTokenStore final : public TokenStore {
 public:
  RedisTokenStore(const RedisConfig& config, std::string prefix)
      : pool_(config), prefix_(std::move(prefix)) {}

  void add(std::string_view user, std::string_view token, std::string_view jwt,
           std::chrono::seconds ttl) override {
    const std::string key = key_of(user), secs = std::to_string(ttl.count());
    // HSET and EXPIRE atomically (4.1), in one round trip.
    pool_.run([&](redis::Connection& c) {
      c.pipeline({{"MULTI"}, {"HSET", key, token, jwt}, {"EXPIRE", key, secs}, {"EXEC"}});
      return 0;
    });
  }

  std::optional<std::string> get(std::string_view user, std::string_view token) override {
    const std::string key = key_of(user);
    return pool_.run([&](redis::Connection& c) -> std::optional<std::string> {
      auto r = c.command({"HGET", key, token});
      if (r->type != REDIS_REPLY_STRING) return std::nullopt;
      return std::string(r->str, r->len);
    });
  }

  void touch(std::string_view user, std::chrono::seconds ttl) override {
    const std::string key = key_of(user), secs = std::to_string(ttl.count());
    pool_.run([&](redis::Connection& c) {
      c.command({"EXPIRE", key, secs});
      return 0;
    });
  }

  bool remove(std::string_view user, std::string_view token) override {
    const std::string key = key_of(user);
    return pool_.run([&](redis::Connection& c) {
      auto r = c.command({"HDEL", key, token});
      return r->type == REDIS_REPLY_INTEGER && r->integer > 0;
    });
  }

  void remove_all(std::string_view user) override {
    const std::string key = key_of(user);
    pool_.run([&](redis::Connection& c) {
      c.command({"DEL", key});
      return 0;
    });
  }

  std::optional<std::int64_t> ttl(std::string_view user) override {
    const std::string key = key_of(user);
    return pool_.run([&](redis::Connection& c) -> std::optional<std::int64_t> {
      auto r = c.command({"TTL", key});
      if (r->type != REDIS_REPLY_INTEGER || r->integer == -2) return std::nullopt;  // absent
      return static_cast<std::int64_t>(r->integer);
    });
  }

 private:
  std::string key_of(std::string_view user) const { return prefix_ + "::" + std::string(user); }

  redis::Pool pool_;
  std::string prefix_;
};

}  // namespace

std::shared_ptr<TokenStore> make_redis_token_store(const RedisConfig& config,
                                                   const std::string& user_auth_key) {
  return std::make_shared<RedisTokenStore>(config, user_auth_key);
}

}  // namespace im::host
