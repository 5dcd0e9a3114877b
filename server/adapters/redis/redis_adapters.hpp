// Production TokenStore and Cache over Redis (hiredis), docs/contract/data-model.md 4 and 5, and
// the Bus.
//
// Every adapter of a process with the same Redis settings shares one redis::Client
// (async_client.hpp): one "Redis loop" thread running hiredis' asynchronous API on an Asio
// io_context, one command connection on which all commands are pipelined, plus the bus'
// subscriber connection. The TokenStore and Cache keep their synchronous interface: a call posts
// its command(s) to the loop and waits for the reply at most the command timeout (2 s), so it
// belongs on the worker pool; it never ties up an I/O thread or the loop. While Redis is down or
// silent, their calls return StoreErrc::unavailable (the client underneath throws
// im::host::RedisUnavailable, store_call.hpp turns it into the result); the loop reconnects by
// itself (AUTH and SELECT again) and the bus' subscriber resubscribes.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "im/bus.hpp"
#include "im/cache.hpp"
#include "im/send_buckets.hpp"
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

// The per-user send limits' buckets shared by the nodes (send_buckets.cpp).
std::shared_ptr<SharedSendBuckets> make_redis_send_buckets(const RedisConfig& config);

// GET /healthz: true when Redis answers PING on the shared connection (waits at most the
// command timeout; false when Redis is unreachable).
std::function<bool()> make_redis_probe(const RedisConfig& config);

// Presence and cross-node pushes over Redis (redis_bus.cpp); a fresh node id per process.
// `ack_timeout` is the hub's: a node that does not answer within it (plus a margin) is a 408.
std::shared_ptr<Bus> make_redis_bus(const RedisConfig& config,
                                    std::chrono::milliseconds ack_timeout);

}  // namespace im::host
