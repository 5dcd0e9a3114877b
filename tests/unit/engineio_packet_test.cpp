// Engine.IO v4 packets and polling payload framing (docs/contract/realtime.md 2.3-2.5).
#include <catch2/catch.hpp>

#include "server/socketio/engineio_packet.hpp"

using namespace im::eio;

TEST_CASE("every text packet type parses and encodes", "[engineio]") {
  for (char t = '0'; t <= '6'; ++t) {
    std::string text = std::string(1, t) + "data";
    auto p = parse_text(text);
    REQUIRE(p);
    CHECK(static_cast<char>(p->type) == t);
    CHECK(p->data == "data");
    CHECK(encode_text(*p) == text);
  }
  CHECK(parse_text("2probe")->type == PacketType::ping);
  CHECK(parse_text("3")->data.empty());
  CHECK_FALSE(parse_text(""));
  CHECK_FALSE(parse_text("7"));
  CHECK_FALSE(parse_text("x"));
}

TEST_CASE("payloads join with 0x1e and carry binary as b<base64>", "[engineio]") {
  std::vector<Packet> out{Packet::text(PacketType::message, "51-0[\"on-notify\",{}]"),
                          Packet::bytes(std::make_shared<const std::string>("\x08\xc8\x01", 3))};
  CHECK(encode_payload(out) ==
        "451-0[\"on-notify\",{}]\x1e"
        "bCMgB");
  auto back = decode_payload(
      "41\x1e"
      "1");
  REQUIRE(back);
  REQUIRE(back->size() == 2);
  CHECK((*back)[0].type == PacketType::message);
  CHECK((*back)[0].data == "1");
  CHECK((*back)[1].type == PacketType::close);
  auto bin = decode_payload(
      "461-0[{\"_placeholder\":true,\"num\":0}]\x1e"
      "bCMgBEg1TdWNjZXNzZnVsbHku");
  REQUIRE(bin);
  REQUIRE(bin->size() == 2);
  CHECK((*bin)[1].binary);
  CHECK((*bin)[1].data == std::string("\x08\xc8\x01\x12\x0dSuccessfully.", 18));
}

TEST_CASE("malformed payloads are refused", "[engineio]") {
  CHECK_FALSE(decode_payload(""));
  CHECK_FALSE(decode_payload("4a\x1e"));  // an empty element
  CHECK_FALSE(decode_payload("9"));       // unknown type
  CHECK_FALSE(decode_payload("b!!!!"));   // bad base64
  CHECK_FALSE(decode_payload("bCMg"));    // base64 length not a multiple of 4
  CHECK(decode_payload("bCMgB"));
}
