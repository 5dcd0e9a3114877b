#include "server/ports.hpp"

#include <stdexcept>

#include "im/clock.hpp"
#include "im/sqlite_storage.hpp"
#include "server/adapters/mariadb/mariadb_storage.hpp"
#include "server/adapters/redis/redis_adapters.hpp"

namespace im::host {

Storage make_storage(const HostConfig& config) {
  if (!config.db.host.empty()) return make_mariadb_storage(config.db);
  auto storage = make_sqlite_storage(
      config.sqlite_path, config.sqlite_sync_full ? SqliteSync::full : SqliteSync::normal);
  if (!storage) throw std::runtime_error(storage.error().detail);  // the host's start-up error
  return std::move(storage).value();
}

EnginePorts make_ports(const HostConfig& config) {
  // Without DB_HOST / REDIS_HOST the embedded adapters serve (design.md "adapters"); each
  // production adapter replaces its embedded counterpart independently.
  EnginePorts ports;
  ports.storage = make_storage(config);
  if (config.redis.host.empty()) {
    ports.tokens = make_memory_token_store();
    ports.cache = make_memory_cache();
  } else {
    ports.tokens = make_redis_token_store(config.redis, config.engine.user_auth_key);
    ports.cache = make_redis_cache(config.redis);
    ports.send_buckets = make_redis_send_buckets(config.redis);
  }
  ports.clock = make_system_clock();
  return ports;
}

std::shared_ptr<Bus> make_bus(const HostConfig& config) {
  // A single node needs no bus: the hub then answers 204 for users it does not hold, without
  // a call through the port (the fast path stays as it was).
  if (config.redis.host.empty()) return nullptr;
  return make_redis_bus(config.redis, config.engine.push_ack_timeout);
}

}  // namespace im::host
