// RFC 6455 framing of the websocket transport (server/socketio/websocket_frame).
#include <catch2/catch.hpp>

#include "server/socketio/websocket_frame.hpp"

using namespace im::ws;
using Kind = FrameReader::Event::Kind;

namespace {

// A client frame: masked with a fixed key, `fin` and `opcode` as given.
std::string client_frame(std::uint8_t opcode, std::string_view payload, bool fin = true) {
  std::string out;
  out.push_back(static_cast<char>((fin ? 0x80 : 0) | opcode));
  const std::size_t n = payload.size();
  if (n < 126) {
    out.push_back(static_cast<char>(0x80 | n));
  } else if (n <= 0xFFFF) {
    out.push_back(static_cast<char>(0x80 | 126));
    out.push_back(static_cast<char>(n >> 8));
    out.push_back(static_cast<char>(n & 0xFF));
  } else {
    out.push_back(static_cast<char>(0x80 | 127));
    for (int i = 7; i >= 0; --i)
      out.push_back(static_cast<char>((std::uint64_t{n} >> (8 * i)) & 0xFF));
  }
  const char mask[4] = {0x12, 0x34, 0x56, 0x78};
  out.append(mask, 4);
  for (std::size_t i = 0; i < n; ++i) out.push_back(static_cast<char>(payload[i] ^ mask[i % 4]));
  return out;
}

}  // namespace

TEST_CASE("server frame headers use the shortest length encoding", "[websocket]") {
  CHECK(frame_header(Opcode::text, 0).view() == std::string("\x81\x00", 2));
  CHECK(frame_header(Opcode::binary, 125).view() == std::string("\x82\x7d", 2));
  CHECK(frame_header(Opcode::binary, 126).view() == std::string("\x82\x7e\x00\x7e", 4));
  CHECK(frame_header(Opcode::binary, 65535).view() == std::string("\x82\x7e\xff\xff", 4));
  CHECK(frame_header(Opcode::binary, 65536).view() ==
        std::string("\x82\x7f\x00\x00\x00\x00\x00\x01\x00\x00", 10));
  CHECK(frame_header(Opcode::close, 2).view() == std::string("\x88\x02", 2));
  CHECK(close_payload(1009) == std::string("\x03\xf1", 2));
}

TEST_CASE("the handshake accept key is RFC 6455's example", "[websocket]") {
  CHECK(accept_key("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST_CASE("masked frames are read whole, split at any byte, several per read", "[websocket]") {
  const std::string big(70000, 'x');
  const std::string stream = client_frame(0x1, "40") +
                             client_frame(0x2, std::string("\x00\x01", 2)) +
                             client_frame(0x2, big) + client_frame(0x1, std::string(300, 'y'));
  for (std::size_t step : {std::size_t{1}, std::size_t{7}, stream.size()}) {
    FrameReader reader(1000000);
    std::vector<FrameReader::Event> events;
    for (std::size_t at = 0; at < stream.size(); at += step) {
      reader.feed(std::string_view(stream).substr(at, step));
      while (auto e = reader.next()) events.push_back(std::move(*e));
    }
    REQUIRE(events.size() == 4);
    CHECK(events[0].kind == Kind::message);
    CHECK_FALSE(events[0].binary);
    CHECK(events[0].payload == "40");
    CHECK(events[1].binary);
    CHECK(events[1].payload == std::string("\x00\x01", 2));
    CHECK(events[2].payload == big);
    CHECK(events[3].payload == std::string(300, 'y'));
    CHECK(reader.empty());
  }
}

TEST_CASE("fragments join into one message; control frames may come between", "[websocket]") {
  FrameReader reader(100);
  reader.feed(client_frame(0x1, "4he", false));
  reader.feed(client_frame(0x9, "hi"));  // ping between fragments
  reader.feed(client_frame(0x0, "llo", false));
  reader.feed(client_frame(0x0, "!", true));
  auto ping = reader.next();
  REQUIRE(ping);
  CHECK(ping->kind == Kind::ping);
  CHECK(ping->payload == "hi");
  auto message = reader.next();
  REQUIRE(message);
  CHECK(message->kind == Kind::message);
  CHECK(message->payload == "4hello!");
  CHECK_FALSE(reader.next());
}

TEST_CASE("protocol violations end the reader with the right close code", "[websocket]") {
  auto first_error = [](std::string bytes, std::size_t max = 100) {
    FrameReader reader(max);
    reader.feed(bytes);
    auto e = reader.next();
    REQUIRE(e);
    CHECK(e->kind == Kind::error);
    CHECK_FALSE(reader.next());  // nothing after an error
    return e->close_code;
  };
  std::string unmasked = "\x81\x02hi";
  CHECK(first_error(unmasked) == close_protocol_error);
  std::string rsv = client_frame(0x1, "hi");
  rsv[0] = static_cast<char>(rsv[0] | 0x40);
  CHECK(first_error(rsv) == close_protocol_error);
  CHECK(first_error(client_frame(0x3, "x")) == close_protocol_error);         // reserved opcode
  CHECK(first_error(client_frame(0x0, "x")) == close_protocol_error);         // nothing to continue
  CHECK(first_error(client_frame(0x9, "x", false)) == close_protocol_error);  // fragmented ping
  CHECK(first_error(client_frame(0x9, std::string(126, 'p'))) == close_protocol_error);
  CHECK(first_error(client_frame(0x1, "a", false) + client_frame(0x1, "b")) ==
        close_protocol_error);
  CHECK(first_error(client_frame(0x2, std::string(101, 'z'))) == close_too_big);
  CHECK(first_error(client_frame(0x2, std::string(60, 'z'), false) +
                    client_frame(0x0, std::string(60, 'z'))) == close_too_big);
  CHECK(first_error(client_frame(0x1, "\xff\xfe")) == close_bad_payload);
  // A 16-bit length below 126 is not the minimal encoding.
  std::string padded = client_frame(0x1, "hi");
  padded.insert(2, std::string("\x00\x02", 2));
  padded[1] = static_cast<char>(0x80 | 126);
  CHECK(first_error(padded) == close_protocol_error);
}

TEST_CASE("a close frame ends reading; pongs are reported and skipped", "[websocket]") {
  FrameReader reader(100);
  reader.feed(client_frame(0xA, "") + client_frame(0x8, close_payload(1000)) +
              client_frame(0x1, "4x"));
  auto pong = reader.next();
  REQUIRE(pong);
  CHECK(pong->kind == Kind::pong);
  auto close = reader.next();
  REQUIRE(close);
  CHECK(close->kind == Kind::close);
  CHECK_FALSE(reader.next());
}
