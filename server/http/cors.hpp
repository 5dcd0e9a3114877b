// CORS of the HTTP routes (docs/contract/http-api.md 3): exact-match origin list, the preflight's
// header set and order, and the headers every other response carries. The socket path has its own
// rules.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace im::host {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

class CorsPolicy {
 public:
  explicit CorsPolicy(std::vector<std::string> origins) : origins_(std::move(origins)) {}

  bool allowed(std::string_view origin) const;
  // The 204 preflight headers, in order; Access-Control-Allow-Origin only for an allowed origin.
  HeaderList preflight_headers(std::string_view origin) const;
  // The headers of every other response, in order.
  HeaderList response_headers(std::string_view origin) const;

 private:
  std::vector<std::string> origins_;
};

}  // namespace im::host
