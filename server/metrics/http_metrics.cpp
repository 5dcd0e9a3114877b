#include "server/metrics/http_metrics.hpp"

namespace im::host {

void HttpMetrics::request(const std::string& method, const std::string& route, unsigned status) {
  std::lock_guard lock(mutex_);
  ++requests_[Key{{method, route}, status}];
}

std::map<HttpMetrics::Key, std::uint64_t> HttpMetrics::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

}  // namespace im::host
