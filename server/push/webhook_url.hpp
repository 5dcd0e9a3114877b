// PUSH_WEBHOOK_URL, parsed once at start-up: only http and https, a host, an optional port and
// path. The webhook is only ever called at this address (never at one a user could choose).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace im::host {

struct WebhookUrl {
  bool https = false;
  std::string host;
  std::uint16_t port = 80;
  std::string target = "/";  // path and query
};

// nullopt for anything else than http(s)://host[:port][/path], including user info
// (user:password@), fragments, blanks and control characters.
std::optional<WebhookUrl> parse_webhook_url(std::string_view url);

}  // namespace im::host
