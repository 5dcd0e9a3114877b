// Production TokenStore and Cache over Redis (hiredis), data-model.md 4 and 5.
//
// Calls block on a pooled connection, so they belong on the worker pool, never on I/O threads
// (the services already run there). A lost connection is replaced on the next call; while Redis
// is down, calls throw im::host::RedisUnavailable (a std::runtime_error).
//
// Not built yet: the cross-node Bus over Redis pub/sub (issue 4, item 3). It needs a dedicated
// subscriber connection driven by the Asio loop (hiredis async adapter), resubscribing after a
// reconnect; it does not belong in this blocking pool.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

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

}  // namespace im::host
