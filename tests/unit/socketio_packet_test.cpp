// Socket.IO v5 packets, placeholders and attachment reassembly (docs/contract/realtime.md 3.1-3.4).
#include <catch2/catch.hpp>

#include <boost/json/serialize.hpp>

#include "server/socketio/socketio_packet.hpp"

using namespace im::sio;

TEST_CASE("every packet type round-trips", "[socketio]") {
  const char* texts[] = {
      "0",
      "0{\"token\":\"x\"}",
      "1",
      "2[\"hello\",1]",
      "21[\"hello\"]",
      "3[]",
      "312[\"ok\"]",
      "4{\"message\":\"Authentication error\"}",
      "4/admin,{\"message\":\"Invalid namespace\"}",
      "51-0[\"on-message\",{\"_placeholder\":true,\"num\":0}]",
      "51-[\"on-message\",{\"_placeholder\":true,\"num\":0}]",
      "61-7[{\"_placeholder\":true,\"num\":0}]",
      "2/chat,3[\"a\"]",
  };
  for (const char* t : texts) {
    auto p = parse(t);
    INFO(t);
    REQUIRE(p);
    std::string expected = t;
    if (expected == "51-[\"on-message\",{\"_placeholder\":true,\"num\":0}]") {
      CHECK_FALSE(p->id);
    }
    CHECK(encode(*p) == expected);
  }
  auto p = parse("451-0[\"x\"]");
  CHECK_FALSE(p);  // the Engine.IO type digit is not part of the Socket.IO packet
  auto e = parse("51-9[\"on-message\",{\"_placeholder\":true,\"num\":0}]");
  REQUIRE(e);
  CHECK(e->type == PacketType::binary_event);
  CHECK(e->attachments == 1);
  CHECK(e->id == 9u);
  CHECK(e->nsp == "/");
  CHECK(parse("4/admin,{\"message\":\"Invalid namespace\"}")->nsp == "/admin");
}

TEST_CASE("malformed packets are refused", "[socketio]") {
  const char* bad[] = {
      "",
      "7",
      "x",
      "2",            // event without payload
      "2[]",          // event without a name
      "2{\"a\":1}",   // event payload not an array
      "2[\"a\"",      // invalid JSON
      "2abc[\"a\"]",  // non-numeric ack id
      "511-[\"a\"]",  // 11 attachments
      "5x-[\"a\"]",   // bad attachment count
      "51[\"a\"]",    // no '-'
      "1{\"a\":1}",   // disconnect with payload
      "3{\"a\":1}",   // ack not an array
      "0[1]",         // connect payload not an object
      "4",            // connect_error without payload
  };
  for (const char* t : bad) {
    INFO(t);
    CHECK_FALSE(parse(t));
  }
}

TEST_CASE("a binary event is reassembled from its attachments", "[socketio]") {
  Decoder d;
  CHECK(d.feed_text("52-3[\"ev\",{\"_placeholder\":true,\"num\":1},{\"_placeholder\":true,"
                    "\"num\":0},\"text\"]") == Decoder::Status::need_more);
  CHECK(d.feed_binary("zero") == Decoder::Status::need_more);
  CHECK(d.feed_binary("one") == Decoder::Status::packet);
  Packet p = d.take();
  CHECK(event_name(p) == "ev");
  auto args = event_args(p);
  REQUIRE(args.size() == 3);
  CHECK(args[0].binary);
  CHECK(args[0].bytes == "one");
  CHECK(args[1].bytes == "zero");
  CHECK_FALSE(args[2].binary);
  CHECK(args[2].json.as_string() == "text");
  CHECK_FALSE(d.awaiting_attachments());
}

TEST_CASE("acks: binary and plain JSON", "[socketio]") {
  Decoder d;
  CHECK(d.feed_text("61-4[{\"_placeholder\":true,\"num\":0}]") == Decoder::Status::need_more);
  CHECK(d.feed_binary("\x08\xc8\x01") == Decoder::Status::packet);
  auto p = d.take();
  CHECK(p.id == 4u);
  auto a = ack_args(p);
  REQUIRE(a.size() == 1);
  CHECK(a[0].binary);
  CHECK(d.feed_text("34[{\"statusCode\":200}]") == Decoder::Status::packet);
  auto j = d.take();
  auto ja = ack_args(j);
  REQUIRE(ja.size() == 1);
  CHECK_FALSE(ja[0].binary);
}

TEST_CASE("attachment protocol errors", "[socketio]") {
  Decoder d;
  CHECK(d.feed_binary("x") == Decoder::Status::error);  // unannounced attachment
  CHECK(d.feed_text("51-0[\"a\",{\"_placeholder\":true,\"num\":0}]") == Decoder::Status::need_more);
  CHECK(d.feed_text("2[\"b\"]") == Decoder::Status::error);  // text while waiting
  Decoder d2;
  CHECK(d2.feed_text("5[\"a\"]") == Decoder::Status::error);
  Decoder d3;
  // a placeholder pointing past the attachments stays JSON
  CHECK(d3.feed_text("51-[\"a\",{\"_placeholder\":true,\"num\":5}]") == Decoder::Status::need_more);
  CHECK(d3.feed_binary("q") == Decoder::Status::packet);
  auto args = event_args(d3.take());
  REQUIRE(args.size() == 1);
  CHECK_FALSE(args[0].binary);
}

TEST_CASE("encoding a binary event with a placeholder", "[socketio]") {
  Packet p;
  p.type = PacketType::binary_event;
  p.attachments = 1;
  p.id = 0;
  p.data = boost::json::array{"on-notify", placeholder(0)};
  CHECK(encode(p) == "51-0[\"on-notify\",{\"_placeholder\":true,\"num\":0}]");
}
