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
  auto trusted = [&](std::string_view address) {
    address = unmapped(address);
    return std::any_of(trusted_proxies.begin(), trusted_proxies.end(),
                       [&](const std::string& p) { return unmapped(trim(p)) == address; });
  };
  peer = unmapped(peer);
  if (!trusted(peer)) return std::string(peer);
  // Each proxy appends the address it received from, so only the right end of the list is
  // written by proxies we trust; everything left of it came from the client. Walk from the
  // right past our own proxies: the first other address is the client.
  std::string_view leftmost;
  while (!forwarded_for.empty()) {
    auto comma = forwarded_for.rfind(',');
    auto entry =
        trim(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
    forwarded_for =
        comma == std::string_view::npos ? std::string_view{} : forwarded_for.substr(0, comma);
    if (entry.empty()) continue;
    if (!trusted(entry)) return std::string(unmapped(entry));
    leftmost = entry;
  }
  // Only trusted proxies in the chain (or none): the furthest one we know of.
  return std::string(leftmost.empty() ? peer : unmapped(leftmost));
}

}  // namespace im::host
