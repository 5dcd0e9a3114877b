#include <hiredis/hiredis.h>

#include <memory>

#include "server/adapters/redis/pool.hpp"
#include "server/adapters/redis/redis_adapters.hpp"

namespace im::host {

std::function<bool()> make_redis_probe(const RedisConfig& config) {
  auto pool = std::make_shared<redis::Pool>(config, 1);
  return [pool] {
    return pool->run([](redis::Connection& c) {
      auto reply = c.command({"PING"});
      return reply->type == REDIS_REPLY_STATUS;
    });
  };
}

}  // namespace im::host
