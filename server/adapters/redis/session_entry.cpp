#include "server/adapters/redis/session_entry.hpp"

#include <charconv>

#include <fmt/format.h>

namespace im::host::redis {

std::string sessions_key(UserId user) {
  return fmt::format("im:sessions:{}", user);
}

std::string session_field(std::string_view node, std::string_view id) {
  return fmt::format("{}/{}", node, id);
}

std::string session_value(const SessionDescription& session) {
  return fmt::format("{}\t{}\t{}", session.transport, session.address, session.connected_at_ms);
}

std::optional<SessionDescription> decode_session(std::string_view field, std::string_view value) {
  const auto slash = field.rfind('/');
  const auto tab1 = value.find('\t');
  const auto tab2 = tab1 == std::string_view::npos ? tab1 : value.find('\t', tab1 + 1);
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == field.size() ||
      tab2 == std::string_view::npos)
    return std::nullopt;
  SessionDescription d;
  d.node = field.substr(0, slash);
  d.id = field.substr(slash + 1);
  d.transport = value.substr(0, tab1);
  d.address = value.substr(tab1 + 1, tab2 - tab1 - 1);
  const auto stamp = value.substr(tab2 + 1);
  auto [end, ec] = std::from_chars(stamp.data(), stamp.data() + stamp.size(), d.connected_at_ms);
  if (ec != std::errc() || end != stamp.data() + stamp.size()) return std::nullopt;
  return d;
}

}  // namespace im::host::redis
