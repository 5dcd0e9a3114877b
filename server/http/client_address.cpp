#include "server/http/client_address.hpp"

#include <algorithm>

namespace im::host {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "::ffff:127.0.0.1" (an IPv4 peer on a dual-stack socket) compares as "127.0.0.1".
std::string_view unmapped(std::string_view address) {
  constexpr std::string_view prefix = "::ffff:";
  if (address.size() > prefix.size() && address.substr(0, prefix.size()) == prefix &&
      address.find('.') != std::string_view::npos)
    return address.substr(prefix.size());
  return address;
}

}  // namespace

std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted_proxies) {
  peer = unmapped(peer);
  bool trusted = std::any_of(trusted_proxies.begin(), trusted_proxies.end(),
                             [&](const std::string& p) { return unmapped(trim(p)) == peer; });
  if (trusted) {
    auto first = trim(forwarded_for.substr(0, forwarded_for.find(',')));
    if (!first.empty()) return std::string(first);
  }
  return std::string(peer);
}

}  // namespace im::host
