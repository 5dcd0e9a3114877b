// TokenStore over Redis with the original's key layout (docs/contract/data-model.md 4), so tokens
// issued by one node (or by the original server) are valid on every node.
#include "server/adapters/redis/async_client.hpp"
#include "server/adapters/redis/redis_adapters.hpp"
#include "server/adapters/redis/store_call.hpp"

namespace im::host {

namespace {

using redis::store_call;
using redis::Value;

class RedisTokenStore final : public TokenStore {
 public:
  RedisTokenStore(std::shared_ptr<redis::Client> client, std::string prefix)
      : client_(std::move(client)), prefix_(std::move(prefix)) {}

  StoreResult<Done> add(std::string_view user, std::string_view token, std::string_view jwt,
                        std::chrono::seconds ttl) override {
    return store_call([&] {
      const std::string key = key_of(user), secs = std::to_string(ttl.count());
      // HSET and EXPIRE atomically (4.1), in one round trip.
      client_->run_batch({{"MULTI"},
                          {"HSET", key, std::string(token), std::string(jwt)},
                          {"EXPIRE", key, secs},
                          {"EXEC"}});
      return Done{};
    });
  }

  StoreResult<std::optional<std::string>> get(std::string_view user,
                                              std::string_view token) override {
    return store_call([&]() -> std::optional<std::string> {
      Value r = client_->run({"HGET", key_of(user), std::string(token)});
      if (r.type != Value::Type::string) return std::nullopt;
      return std::move(r.str);
    });
  }

  StoreResult<Done> touch(std::string_view user, std::chrono::seconds ttl) override {
    return store_call([&] {
      client_->run({"EXPIRE", key_of(user), std::to_string(ttl.count())});
      return Done{};
    });
  }

  StoreResult<bool> remove(std::string_view user, std::string_view token) override {
    return store_call([&] {
      Value r = client_->run({"HDEL", key_of(user), std::string(token)});
      return r.type == Value::Type::integer && r.integer > 0;
    });
  }

  StoreResult<Done> remove_all(std::string_view user) override {
    return store_call([&] {
      client_->run({"DEL", key_of(user)});
      return Done{};
    });
  }

  StoreResult<std::optional<std::int64_t>> ttl(std::string_view user) override {
    return store_call([&]() -> std::optional<std::int64_t> {
      Value r = client_->run({"TTL", key_of(user)});
      if (r.type != Value::Type::integer || r.integer == -2) return std::nullopt;  // absent
      return static_cast<std::int64_t>(r.integer);
    });
  }

 private:
  std::string key_of(std::string_view user) const { return prefix_ + "::" + std::string(user); }

  std::shared_ptr<redis::Client> client_;
  std::string prefix_;
};

}  // namespace

std::shared_ptr<TokenStore> make_redis_token_store(const RedisConfig& config,
                                                   const std::string& user_auth_key) {
  return std::make_shared<RedisTokenStore>(redis::Client::shared(config), user_auth_key);
}

}  // namespace im::host
