#include "server/socketio/engineio_packet.hpp"

#include "im/base64.hpp"

namespace im::eio {

std::optional<Packet> parse_text(std::string_view text) {
  if (text.empty() || text[0] < '0' || text[0] > '6') return std::nullopt;
  return Packet::text(static_cast<PacketType>(text[0]), std::string(text.substr(1)));
}

std::string encode_text(const Packet& packet) {
  std::string out;
  auto v = packet.view();
  out.reserve(v.size() + 1);
  out += static_cast<char>(packet.type);
  out += v;
  return out;
}

std::string encode_payload(const std::vector<Packet>& packets) {
  std::string out;
  for (std::size_t i = 0; i < packets.size(); ++i) {
    if (i > 0) out += '\x1e';
    if (packets[i].binary) {
      out += 'b';
      out += base64_encode(packets[i].view());
    } else {
      out += encode_text(packets[i]);
    }
  }
  return out;
}

std::optional<std::vector<Packet>> decode_payload(std::string_view payload) {
  std::vector<Packet> out;
  if (payload.empty()) return std::nullopt;
  std::size_t start = 0;
  for (;;) {
    std::size_t end = payload.find('\x1e', start);
    std::string_view part =
        payload.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (!part.empty() && part[0] == 'b') {
      auto bytes = base64_decode(part.substr(1));
      if (!bytes) return std::nullopt;
      out.push_back(Packet{PacketType::message, true, std::move(*bytes), {}});
    } else {
      auto p = parse_text(part);
      if (!p) return std::nullopt;
      out.push_back(std::move(*p));
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

}  // namespace im::eio
