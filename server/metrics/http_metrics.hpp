// HTTP-side counters for GET /metrics: open connections and requests by route pattern and status.
// The route label is the pattern of the route table ("/api/v1/users/:id"), never the raw path,
// and the method label one of the methods HTTP defines for this API or `other`, so the number of
// series stays bounded whatever clients send.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace im::host {

class HttpMetrics {
 public:
  void connection_opened() { open_.fetch_add(1, std::memory_order_relaxed); }
  void connection_closed() { open_.fetch_sub(1, std::memory_order_relaxed); }
  std::int64_t open_connections() const { return open_.load(std::memory_order_relaxed); }

  // `method` is the raw request method; it is counted under method_label(method).
  void request(std::string_view method, const std::string& route, unsigned status);
  static std::string_view method_label(std::string_view method);

  using Key = std::pair<std::pair<std::string, std::string>, unsigned>;  // (method, route), status
  std::map<Key, std::uint64_t> requests() const;

 private:
  std::atomic<std::int64_t> open_{0};
  mutable std::mutex mutex_;  // one short map update per request
  std::map<Key, std::uint64_t> requests_;
};

}  // namespace im::host
