#include "server/socketio/websocket_frame.hpp"

#include <openssl/sha.h>

#include "im/base64.hpp"
#include "im/text.hpp"

namespace im::ws {

FrameHeader frame_header(Opcode opcode, std::uint64_t size) {
  FrameHeader h;
  h.bytes[0] = static_cast<char>(0x80 | static_cast<std::uint8_t>(opcode));  // FIN
  if (size < 126) {
    h.bytes[1] = static_cast<char>(size);
    h.size = 2;
  } else if (size <= 0xFFFF) {
    h.bytes[1] = 126;
    h.bytes[2] = static_cast<char>(size >> 8);
    h.bytes[3] = static_cast<char>(size);
    h.size = 4;
  } else {
    h.bytes[1] = 127;
    for (int i = 0; i < 8; ++i) h.bytes[2 + i] = static_cast<char>(size >> (56 - 8 * i));
    h.size = 10;
  }
  return h;
}

std::string close_payload(std::uint16_t code) {
  return {static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
}

std::string accept_key(std::string_view client_key) {
  static constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  std::string input(client_key);
  input.append(kGuid);
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  return base64_encode(std::string_view(reinterpret_cast<const char*>(digest), SHA_DIGEST_LENGTH));
}

std::optional<FrameReader::Event> FrameReader::fail(std::uint16_t code) {
  done_ = true;
  input_.clear();
  message_.clear();
  Event e;
  e.kind = Event::Kind::error;
  e.close_code = code;
  return e;
}

std::optional<FrameReader::Event> FrameReader::next() {
  while (!done_) {
    if (input_.size() < 2) break;
    const auto* p = reinterpret_cast<const unsigned char*>(input_.data());
    const bool fin = p[0] & 0x80;
    const auto opcode = static_cast<std::uint8_t>(p[0] & 0x0F);
    const bool masked = p[1] & 0x80;
    const std::uint8_t len7 = p[1] & 0x7F;
    // No extension is negotiated, so the RSV bits are 0; a client always masks (5.1).
    if ((p[0] & 0x70) != 0 || !masked) return fail(close_protocol_error);
    std::size_t header = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + 4;
    if (input_.size() < header) break;
    std::uint64_t len = len7;
    if (len7 == 126) {
      len = (std::uint64_t{p[2]} << 8) | p[3];
      if (len < 126) return fail(close_protocol_error);  // not the minimal encoding (5.2)
    } else if (len7 == 127) {
      len = 0;
      for (int i = 0; i < 8; ++i) len = (len << 8) | p[2 + i];
      if ((len >> 63) != 0 || len <= 0xFFFF) return fail(close_protocol_error);
    }
    const bool control = opcode & 0x8;
    if (control) {
      if (!fin || len > 125) return fail(close_protocol_error);  // 5.5
      if (opcode > static_cast<std::uint8_t>(Opcode::pong)) return fail(close_protocol_error);
    } else {
      if (opcode > static_cast<std::uint8_t>(Opcode::binary)) return fail(close_protocol_error);
      const bool continuation = opcode == static_cast<std::uint8_t>(Opcode::continuation);
      if (continuation != in_message_) return fail(close_protocol_error);  // 5.4
      if (len > max_message_ || message_.size() + len > max_message_) return fail(close_too_big);
    }
    if (input_.size() - header < len) break;  // the payload is still on its way

    const unsigned char* mask = p + header - 4;
    std::string payload(input_.data() + header, static_cast<std::size_t>(len));
    for (std::size_t i = 0; i < payload.size(); ++i)
      payload[i] = static_cast<char>(payload[i] ^ mask[i & 3]);
    input_.erase(0, header + static_cast<std::size_t>(len));

    Event e;
    switch (static_cast<Opcode>(opcode)) {
      case Opcode::ping:
        e.kind = Event::Kind::ping;
        e.payload = std::move(payload);
        return e;
      case Opcode::pong:
        e.kind = Event::Kind::pong;
        return e;
      case Opcode::close:
        done_ = true;
        e.kind = Event::Kind::close;
        return e;
      default:
        break;
    }
    if (!in_message_) {
      message_binary_ = opcode == static_cast<std::uint8_t>(Opcode::binary);
      message_ = std::move(payload);
      in_message_ = true;
    } else {
      message_.append(payload);
    }
    if (!fin) continue;
    in_message_ = false;
    if (!message_binary_ && !is_valid_utf8(message_)) return fail(close_bad_payload);  // 8.1
    e.kind = Event::Kind::message;
    e.binary = message_binary_;
    e.payload = std::move(message_);
    message_.clear();
    return e;
  }
  // An idle connection keeps no buffer from a burst.
  if (input_.empty() && input_.capacity() > 256) std::string().swap(input_);
  return std::nullopt;
}

}  // namespace im::ws
