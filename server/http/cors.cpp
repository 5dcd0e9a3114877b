#include "server/http/cors.hpp"

#include <algorithm>

namespace im::host {

bool CorsPolicy::allowed(std::string_view origin) const {
  if (origin.empty()) return false;
  return std::find(origins_.begin(), origins_.end(), origin) != origins_.end();
}

HeaderList CorsPolicy::preflight_headers(std::string_view origin) const {
  HeaderList h;
  if (allowed(origin)) h.emplace_back("Access-Control-Allow-Origin", std::string(origin));
  h.emplace_back("Vary", "Origin");
  h.emplace_back("Access-Control-Allow-Credentials", "true");
  h.emplace_back("Access-Control-Allow-Methods", "GET,POST,PUT,DELETE,OPTIONS");
  h.emplace_back("Access-Control-Allow-Headers", "Content-Type,Accept,authorization,userid");
  h.emplace_back("Access-Control-Max-Age", "60");
  h.emplace_back("Access-Control-Expose-Headers", "authorization,userid");
  return h;
}

HeaderList CorsPolicy::response_headers(std::string_view origin) const {
  HeaderList h;
  if (allowed(origin)) h.emplace_back("Access-Control-Allow-Origin", std::string(origin));
  h.emplace_back("Vary", "Origin");
  h.emplace_back("Access-Control-Allow-Credentials", "true");
  h.emplace_back("Access-Control-Expose-Headers", "authorization,userid");
  return h;
}

}  // namespace im::host
