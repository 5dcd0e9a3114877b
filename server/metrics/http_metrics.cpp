#include "server/metrics/http_metrics.hpp"

#include <array>
#include <string_view>

namespace im::host {

std::string_view HttpMetrics::method_label(std::string_view method) {
  static constexpr std::array<std::string_view, 7> known{"GET",    "HEAD",    "POST", "PUT",
                                                         "DELETE", "OPTIONS", "PATCH"};
  for (auto k : known)
    if (method == k) return k;
  return "other";
}

void HttpMetrics::request(std::string_view method, const std::string& route, unsigned status) {
  std::lock_guard lock(mutex_);
  ++requests_[Key{{std::string(method_label(method)), route}, status}];
}

std::map<HttpMetrics::Key, std::uint64_t> HttpMetrics::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

}  // namespace im::host
