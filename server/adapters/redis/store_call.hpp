// The TokenStore and Cache over Redis answer like every port: a StoreResult, never an exception.
#pragma once

#include <type_traits>

#include "im/result.hpp"
#include "server/adapters/redis/redis_adapters.hpp"

namespace im::host::redis {

// Runs one port call's commands; Redis down, silent past the command timeout, or answering with
// an error becomes StoreErrc::unavailable.
template <class F>
auto store_call(F&& call) -> StoreResult<std::invoke_result_t<F>> {
  try {
    return call();
  } catch (const RedisUnavailable& e) {
    return StoreError{StoreErrc::unavailable, e.what()};
  }
}

}  // namespace im::host::redis
