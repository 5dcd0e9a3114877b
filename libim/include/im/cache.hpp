// The Cache and TokenStore ports (docs/contract/data-model.md 4 and 5). Blocking, thread-safe; the
// embedded adapter keeps everything in process, the production adapter is Redis. Like the storage
// ports, every call returns a StoreResult (unavailable while the cache cannot be reached) and none
// throws.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "im/result.hpp"

namespace im {

// Token hash per user: key `${USER_AUTH_KEY}::<userId>`, field = token UUID, value = JWT,
// one TTL for the whole hash (sliding, 43200 s).
class TokenStore {
 public:
  virtual ~TokenStore() = default;
  // HSET + EXPIRE atomically. `user` is the decimal user id.
  virtual StoreResult<Done> add(std::string_view user, std::string_view token, std::string_view jwt,
                                std::chrono::seconds ttl) = 0;
  // HGET; `user` is the `userid` header text, used verbatim.
  virtual StoreResult<std::optional<std::string>> get(std::string_view user,
                                                      std::string_view token) = 0;
  // EXPIRE (sliding expiry after an authenticated HTTP request).
  virtual StoreResult<Done> touch(std::string_view user, std::chrono::seconds ttl) = 0;
  // HDEL; true when the field existed.
  virtual StoreResult<bool> remove(std::string_view user, std::string_view token) = 0;
  // DEL of the whole hash.
  virtual StoreResult<Done> remove_all(std::string_view user) = 0;
  // Remaining TTL of the hash in seconds, nullopt when absent (for tests and diagnostics).
  virtual StoreResult<std::optional<std::int64_t>> ttl(std::string_view user) = 0;
};

// Plain key/value cache with expiry, and counters for rate limits.
class Cache {
 public:
  virtual ~Cache() = default;
  virtual StoreResult<std::optional<std::string>> get(std::string_view key) = 0;
  virtual StoreResult<Done> set(std::string_view key, std::string_view value,
                                std::chrono::seconds ttl) = 0;
  virtual StoreResult<Done> del(std::string_view key) = 0;
  // INCR; sets the expiry when the counter is created. Returns the new value.
  virtual StoreResult<std::int64_t> increment(std::string_view key, std::chrono::seconds ttl) = 0;
  // Remaining TTL in seconds of a key, nullopt when absent.
  virtual StoreResult<std::optional<std::int64_t>> ttl(std::string_view key) = 0;

  // Sliding windows (S9), one atomic step each. An event log under `key` holds the times (unix
  // ms) of events newer than `window`, at most the newest `keep` of them, and expires with its
  // last event. record_event adds one at `now_ms`; both return the times left, oldest first.
  virtual StoreResult<std::vector<std::int64_t>> record_event(std::string_view key,
                                                              std::int64_t now_ms,
                                                              std::chrono::milliseconds window,
                                                              std::size_t keep) = 0;
  virtual StoreResult<std::vector<std::int64_t>> recent_events(
      std::string_view key, std::int64_t now_ms, std::chrono::milliseconds window) = 0;
};

// In-process implementations (the embedded default); they never fail.
std::shared_ptr<TokenStore> make_memory_token_store();
std::shared_ptr<Cache> make_memory_cache();

}  // namespace im
