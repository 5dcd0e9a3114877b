#include "server/adapters/redis/async_client.hpp"
#include "server/adapters/redis/redis_adapters.hpp"
#include "server/adapters/redis/store_call.hpp"

namespace im::host {

std::function<bool()> make_redis_probe(const RedisConfig& config) {
  // PING on the shared connection: it checks the path every request takes. False when Redis is
  // unreachable or does not answer within the command timeout.
  return [client = redis::Client::shared(config)] {
    auto pong = redis::store_call([&] { return client->run({"PING"}); });
    return pong && pong->type == redis::Value::Type::status;
  };
}

}  // namespace im::host
