#include "server/adapters/redis/bus_frame.hpp"

#include <charconv>
#include <vector>

#include <fmt/format.h>

namespace im::host::redis {

std::string encode_push(std::uint64_t request, std::string_view reply_node, UserId user,
                        std::string_view event, std::string_view payload) {
  std::string out = fmt::format("P {} {} {} {}\n", request, reply_node, user, event);
  out.append(payload);
  return out;
}

std::string encode_result(std::uint64_t request, int status) {
  return fmt::format("R {} {}\n", request, status);
}

std::string encode_close(std::string_view origin, UserId user,
                         const std::optional<std::string>& token) {
  return fmt::format("C {} {} {}\n", origin, user, token ? *token : std::string("-"));
}

std::string encode_signal(UserId user, Feature feature, std::string_view event,
                          std::string_view payload) {
  std::string out = fmt::format("S {} {} {}\n", user, feature_name(feature), event);
  out.append(payload);
  return out;
}

std::string encode_close_session(std::string_view origin, UserId user, std::string_view session) {
  return fmt::format("K {} {} {}\n", origin, user, session);
}

namespace {

template <class T>
bool number(std::string_view s, T& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> parts;
  while (!line.empty()) {
    auto sp = line.find(' ');
    parts.push_back(line.substr(0, sp));
    if (sp == std::string_view::npos) break;
    line.remove_prefix(sp + 1);
  }
  return parts;
}

}  // namespace

std::optional<BusFrame> decode_frame(std::string_view bytes) {
  auto nl = bytes.find('\n');
  if (nl == std::string_view::npos) return std::nullopt;
  auto parts = split(bytes.substr(0, nl));
  BusFrame f;
  if (parts.size() == 5 && parts[0] == "P") {
    f.kind = BusFrame::Kind::push;
    if (!number(parts[1], f.request) || !number(parts[3], f.user)) return std::nullopt;
    f.node = parts[2];
    f.event = parts[4];
    f.payload = bytes.substr(nl + 1);
    return f;
  }
  if (parts.size() == 3 && parts[0] == "R") {
    f.kind = BusFrame::Kind::result;
    if (!number(parts[1], f.request) || !number(parts[2], f.status)) return std::nullopt;
    return f;
  }
  if (parts.size() == 4 && parts[0] == "C") {
    f.kind = BusFrame::Kind::close;
    f.node = parts[1];
    if (!number(parts[2], f.user)) return std::nullopt;
    if (parts[3] != "-") f.token = std::string(parts[3]);
    return f;
  }
  if (parts.size() == 4 && parts[0] == "S") {
    f.kind = BusFrame::Kind::signal;
    auto feature = feature_from_name(parts[2]);
    if (!number(parts[1], f.user) || !feature) return std::nullopt;
    f.feature = *feature;
    f.event = parts[3];
    f.payload = bytes.substr(nl + 1);
    return f;
  }
  if (parts.size() == 4 && parts[0] == "K" && !parts[3].empty()) {
    f.kind = BusFrame::Kind::close_session;
    f.node = parts[1];
    if (!number(parts[2], f.user)) return std::nullopt;
    f.session = parts[3];
    return f;
  }
  return std::nullopt;
}

}  // namespace im::host::redis
