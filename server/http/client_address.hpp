// The client address used by the login rate limits (fixes S9): the TCP peer, or the first
// X-Forwarded-For address when the peer is a trusted proxy.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace im::host {

std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted_proxies);

}  // namespace im::host
