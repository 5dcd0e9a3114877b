// In-process TokenStore and Cache (the embedded default): maps guarded by one mutex each, with
// lazy expiry plus an occasional sweep so that abandoned keys do not accumulate.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>

#include "im/cache.hpp"

namespace im {
namespace {

using SteadyClock = std::chrono::steady_clock;

// Expiring entries keyed by string; `Value` is the payload (a hash or a string).
template <class Value>
class ExpiringMap {
 public:
  // Returns the live entry or nullptr, dropping it when expired.
  Value* find(std::string_view key) {
    maybe_sweep();
    auto it = entries_.find(std::string(key));
    if (it == entries_.end()) return nullptr;
    if (it->second.expires <= SteadyClock::now()) {
      entries_.erase(it);
      return nullptr;
    }
    return &it->second.value;
  }
  Value& upsert(std::string_view key) {
    auto [it, inserted] = entries_.try_emplace(std::string(key));
    if (!inserted && it->second.expires <= SteadyClock::now()) it->second = Entry{};
    return it->second.value;
  }
  void expire(std::string_view key, std::chrono::seconds ttl) {
    auto it = entries_.find(std::string(key));
    if (it != entries_.end()) it->second.expires = SteadyClock::now() + ttl;
  }
  std::optional<std::int64_t> ttl(std::string_view key) {
    if (!find(key)) return std::nullopt;
    auto expires = entries_.find(std::string(key))->second.expires;
    if (expires == SteadyClock::time_point::max()) return -1;  // no expiry, as Redis says
    auto left = expires - SteadyClock::now();
    return std::chrono::ceil<std::chrono::seconds>(left).count();
  }
  bool erase(std::string_view key) { return entries_.erase(std::string(key)) > 0; }

 private:
  struct Entry {
    Value value{};
    SteadyClock::time_point expires = SteadyClock::time_point::max();
  };
  void maybe_sweep() {
    if (++operations_ % 4096 != 0) return;
    auto now = SteadyClock::now();
    std::erase_if(entries_, [&](const auto& kv) { return kv.second.expires <= now; });
  }
  std::unordered_map<std::string, Entry> entries_;
  std::uint64_t operations_ = 0;
};

class MemoryTokenStore final : public TokenStore {
 public:
  StoreResult<Done> add(std::string_view user, std::string_view token, std::string_view jwt,
                        std::chrono::seconds ttl) override {
    std::lock_guard lock(mutex_);
    hashes_.upsert(user)[std::string(token)] = std::string(jwt);
    hashes_.expire(user, ttl);
    return Done{};
  }
  StoreResult<std::optional<std::string>> get(std::string_view user,
                                              std::string_view token) override {
    std::lock_guard lock(mutex_);
    std::optional<std::string> jwt;
    if (auto* hash = hashes_.find(user)) {
      auto it = hash->find(std::string(token));
      if (it != hash->end()) jwt = it->second;
    }
    return jwt;
  }
  StoreResult<Done> touch(std::string_view user, std::chrono::seconds ttl) override {
    std::lock_guard lock(mutex_);
    if (hashes_.find(user)) hashes_.expire(user, ttl);
    return Done{};
  }
  StoreResult<bool> remove(std::string_view user, std::string_view token) override {
    std::lock_guard lock(mutex_);
    auto* hash = hashes_.find(user);
    if (!hash) return false;
    bool removed = hash->erase(std::string(token)) > 0;
    if (hash->empty()) hashes_.erase(user);  // like Redis: an empty hash is no key
    return removed;
  }
  StoreResult<Done> remove_all(std::string_view user) override {
    std::lock_guard lock(mutex_);
    hashes_.erase(user);
    return Done{};
  }
  StoreResult<std::optional<std::int64_t>> ttl(std::string_view user) override {
    std::lock_guard lock(mutex_);
    return hashes_.ttl(user);
  }

 private:
  std::mutex mutex_;
  ExpiringMap<std::map<std::string, std::string>> hashes_;
};

class MemoryCache final : public Cache {
 public:
  StoreResult<std::optional<std::string>> get(std::string_view key) override {
    std::lock_guard lock(mutex_);
    auto* v = values_.find(key);
    return v ? std::optional<std::string>(*v) : std::nullopt;
  }
  StoreResult<Done> set(std::string_view key, std::string_view value,
                        std::chrono::seconds ttl) override {
    std::lock_guard lock(mutex_);
    values_.upsert(key) = std::string(value);
    values_.expire(key, ttl);
    return Done{};
  }
  StoreResult<Done> del(std::string_view key) override {
    std::lock_guard lock(mutex_);
    values_.erase(key);  // any kind of key, as Redis' DEL
    events_.erase(key);
    return Done{};
  }
  StoreResult<std::int64_t> increment(std::string_view key, std::chrono::seconds ttl) override {
    std::lock_guard lock(mutex_);
    bool existed = values_.find(key) != nullptr;
    auto& v = values_.upsert(key);
    std::int64_t current = 0;
    if (existed && !v.empty()) {
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), current);
      if (ec != std::errc() || end != v.data() + v.size())  // like Redis' INCR of a non-number
        return StoreError{StoreErrc::other, "the value is not an integer"};
    }
    v = std::to_string(current + 1);
    if (!existed) values_.expire(key, ttl);
    return current + 1;
  }
  StoreResult<std::optional<std::int64_t>> ttl(std::string_view key) override {
    std::lock_guard lock(mutex_);
    return values_.ttl(key);
  }

  StoreResult<std::vector<std::int64_t>> record_event(std::string_view key, std::int64_t now_ms,
                                                      std::chrono::milliseconds window,
                                                      std::size_t keep) override {
    std::lock_guard lock(mutex_);
    auto& log = events_.upsert(key);
    log.insert(std::upper_bound(log.begin(), log.end(), now_ms), now_ms);
    forget_old(log, now_ms, window);
    while (log.size() > keep) log.pop_front();
    events_.expire(key, std::chrono::ceil<std::chrono::seconds>(window));
    return std::vector<std::int64_t>(log.begin(), log.end());
  }

  StoreResult<std::vector<std::int64_t>> recent_events(std::string_view key, std::int64_t now_ms,
                                                       std::chrono::milliseconds window) override {
    std::lock_guard lock(mutex_);
    std::vector<std::int64_t> times;
    if (auto* log = events_.find(key)) {
      forget_old(*log, now_ms, window);
      times.assign(log->begin(), log->end());
    }
    return times;
  }

 private:
  static void forget_old(std::deque<std::int64_t>& log, std::int64_t now_ms,
                         std::chrono::milliseconds window) {
    while (!log.empty() && log.front() <= now_ms - window.count()) log.pop_front();
  }

  std::mutex mutex_;
  ExpiringMap<std::string> values_;
  ExpiringMap<std::deque<std::int64_t>> events_;
};

}  // namespace

std::shared_ptr<TokenStore> make_memory_token_store() {
  return std::make_shared<MemoryTokenStore>();
}
std::shared_ptr<Cache> make_memory_cache() {
  return std::make_shared<MemoryCache>();
}

}  // namespace im
