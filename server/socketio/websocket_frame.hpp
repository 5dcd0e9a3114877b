// RFC 6455 framing for the server side of a websocket, without I/O: the headers of the frames the
// server writes (unmasked, never fragmented) and an incremental reader of the frames a client
// sends (masked, possibly fragmented, control frames between fragments). The transport
// (engineio_websocket) owns the socket; keeping the bytes here lets it queue several frames and
// write them with one system call (docs/benchmarks.md, the message path).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace im::ws {

enum class Opcode : std::uint8_t {
  continuation = 0x0,
  text = 0x1,
  binary = 0x2,
  close = 0x8,
  ping = 0x9,
  pong = 0xA,
};

// Close codes the server sends (RFC 6455 7.4.1).
enum CloseCode : std::uint16_t {
  close_normal = 1000,
  close_protocol_error = 1002,
  close_bad_payload = 1007,  // text that is not UTF-8
  close_too_big = 1009,
};

// The header of one final, unmasked frame carrying `size` payload bytes: 2 to 10 bytes.
struct FrameHeader {
  std::array<char, 10> bytes{};
  std::size_t size = 0;
  std::string_view view() const { return {bytes.data(), size}; }
};
FrameHeader frame_header(Opcode opcode, std::uint64_t size);

// The payload of a close frame: the code, big-endian.
std::string close_payload(std::uint16_t code);

// The Sec-WebSocket-Accept value for a client's Sec-WebSocket-Key (RFC 6455 4.2.2).
std::string accept_key(std::string_view client_key);

// Reads client frames from the bytes of the stream as they arrive. feed() takes any slice of the
// stream (a partial frame is kept until the rest comes); next() hands out one event at a time.
class FrameReader {
 public:
  struct Event {
    enum class Kind { message, ping, pong, close, error };
    Kind kind = Kind::error;
    bool binary = false;           // message: a binary (not text) message
    std::string payload;           // message, ping, pong: the (unmasked) bytes
    std::uint16_t close_code = 0;  // error: the code to close with
  };

  explicit FrameReader(std::size_t max_message) : max_message_(max_message) {}

  void feed(std::string_view bytes) { input_.append(bytes.data(), bytes.size()); }
  // The next complete event, or nullopt until more bytes arrive. After an error or a close,
  // nothing more is read.
  std::optional<Event> next();
  // True when nothing (no partial frame, no partial message) is held: an idle reader.
  bool empty() const { return input_.empty() && message_.empty() && !in_message_; }

 private:
  std::optional<Event> fail(std::uint16_t code);

  std::size_t max_message_;
  std::string input_;    // bytes not yet consumed
  std::string message_;  // a fragmented message's payload so far
  bool in_message_ = false;
  bool message_binary_ = false;
  bool done_ = false;
};

}  // namespace im::ws
