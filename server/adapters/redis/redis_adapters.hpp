// Production TokenStore and Cache over Redis (hiredis), data-model.md 4 and 5.
//
// Calls block on a pooled connection, so they belong on the worker pool, never on I/O threads
// (the services already run there). A lost connection is replaced on the next call; while Redis
// is down, calls throw im::host::RedisUnavailable (a std::runtime_error).
//
// The cross-node Bus (redis_bus.cpp) has its own subscriber connection on its own thread
// (subscriber.cpp) and its own command thread, so nothing here blocks an I/O thread either.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "im/bus.hpp"
#include "im/cache.hpp"
#include "server/config/host_config.hpp"

namespace im::host {

class RedisUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Keys `${user_auth_key}::<userId>` (hash: token -> JWT, one TTL for the hash).
std::shared_ptr<TokenStore> make_redis_token_store(const RedisConfig& config,
                                                   const std::string& user_auth_key);
std::shared_ptr<Cache> make_redis_cache(const RedisConfig& config);

// GET /healthz: true when Redis answers PING (blocking; a connection of its own).
std::function<bool()> make_redis_probe(const RedisConfig& config);

// Presence and cross-node pushes over Redis (redis_bus.cpp); a fresh node id per process.
// `ack_timeout` is the hub's: a node that does not answer within it (plus a margin) is a 408.
std::shared_ptr<Bus> make_redis_bus(const RedisConfig& config,
                                    std::chrono::milliseconds ack_timeout);

}  // namespace im::host
