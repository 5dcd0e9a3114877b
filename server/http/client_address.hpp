// The client address used by the login rate limits (fixes S9) and the per-address connection
// limit: the TCP peer, or, when the peer is a trusted proxy, the rightmost X-Forwarded-For address
// that is not itself a trusted proxy (the addresses left of it were sent by the client and can
// be anything).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace im::host {

std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted_proxies);

}  // namespace im::host
