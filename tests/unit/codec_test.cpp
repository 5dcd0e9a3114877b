// Every vector of docs/contract/protobuf.md section 8, both directions, plus the decoding failures
// of section 6.
#include <catch2/catch.hpp>

#include <string>

#include "im/codec.hpp"

namespace {

std::string unhex(std::string_view hex) {
  std::string out;
  auto nib = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(nib(hex[i]) * 16 + nib(hex[i + 1])));
  }
  return out;
}

std::string hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

using namespace im::codec;

const SenderProfile kS{10009,        "17600000000",         std::nullopt,
                       std::nullopt, "2023-01-28 17:36:29", "2023-01-28 17:36:30"};
const SenderProfile kA{10000,        "13800000001",         std::nullopt,
                       std::nullopt, "2026-11-26 19:18:35", "2026-11-26 19:18:35"};

}  // namespace

TEST_CASE("acks encode and decode (8.1)", "[codec]") {
  const std::pair<AckMessage, const char*> vectors[] = {
      {{200, "Successfully."}, "08c801120d5375636365737366756c6c792e"},
      {{500, "Database Error."}, "08f403120f4461746162617365204572726f722e"},
      {{500, "Database error."}, "08f403120f4461746162617365206572726f722e"},
      {{403, "Forbidden resource"}, "0893031212466f7262696464656e207265736f75726365"},
      {{200, std::nullopt}, "08c801"},
  };
  for (const auto& [ack, h] : vectors) {
    CHECK(hex(encode(ack)) == h);
    auto back = decode_ack(unhex(h));
    REQUIRE(back);
    CHECK(*back == ack);
  }
  CHECK(encode(ack_success()) == unhex("08c801120d5375636365737366756c6c792e"));
  CHECK(encode(ack_database_error()) == unhex("08f403120f4461746162617365204572726f722e"));
  CHECK(encode(ack_read_db_error()) == unhex("08f403120f4461746162617365206572726f722e"));
  CHECK(encode(ack_forbidden()) == unhex("0893031212466f7262696464656e207265736f75726365"));
}

TEST_CASE("negative int64 is a 10-byte varint (1)", "[codec]") {
  CHECK(hex(encode(AckMessage{-1, std::nullopt})) == "08ffffffffffffffffff01");
  auto back = decode_ack(unhex("08ffffffffffffffffff01"));
  REQUIRE(back);
  CHECK(back->status_code == -1);
}

TEST_CASE("synthetic MessageUp / MessageDown (8.2)", "[codec]") {
  const char* up_hex = "1206757569642d3118994e289a4e3204746578743a0268694080d095ffbc31";
  MessageUp up;
  up.msg_id = "uuid-1";
  up.sender = 10009;
  up.receiver = 10010;
  up.type = "text";
  up.content = "hi";
  up.timer = 1700000000000;
  CHECK(hex(encode(up)) == up_hex);
  auto dec = decode_message_up(unhex(up_hex));
  REQUIRE(dec);
  CHECK(*dec == up);
  CHECK_FALSE(dec->group_id);

  const char* down_hex =
      "08051206757569642d3118994e223a08994e120b31373630303030303030302a13323032332d30312d3238203137"
      "3a33363a32393213323032332d30312d32382031373a33363a3330309a4e3a0474657874420268694880d095ffbc"
      "31";
  im::Message stored;
  stored.id = 5;
  stored.msg_id = "uuid-1";
  stored.type = "text";
  stored.sender = 10009;
  stored.receiver = 10010;
  stored.content = "hi";
  stored.timer = 1700000000000;
  CHECK(hex(encode_message_down(stored, kS)) == down_hex);
  auto d = decode_message_down(unhex(down_hex));
  REQUIRE(d);
  CHECK(d->id == 5);
  CHECK(d->sender_info == kS);
  CHECK(hex(encode(*d)) == down_hex);
}

TEST_CASE("Sender profile from a UserContext (J27)", "[codec]") {
  im::UserContext u;
  u.id = 10009;
  u.account = "17600000000";
  u.regis_time = "2023-01-28 17:36:29";
  u.update_time = "2023-01-28 17:36:30";
  CHECK(SenderProfile::from(u) == kS);
}

TEST_CASE("synthetic Notify with and without remark/ext (8.2)", "[codec]") {
  im::Notify n;
  n.id = "0504339d-b2b6-48c9-a422-308163c8e8fc";
  n.type = im::NotifyType::add_friend;
  n.receiver = 10010;
  n.status = im::NotifyStatus::initial;
  n.timer = 1700000000000;
  n.remark = "hello";
  n.ext = "";
  const char* with =
      "0a2430353034333339642d623262362d343863392d613432322d33303831363363386538666310011a3a08994e12"
      "0b31373630303030303030302a13323032332d30312d32382031373a33363a32393213323032332d30312d323820"
      "31373a33363a3330209a4e28013080d095ffbc313a0568656c6c6f4200";
  CHECK(hex(encode_notify(n, kS)) == with);
  n.remark.reset();
  n.ext.reset();
  const char* without =
      "0a2430353034333339642d623262362d343863392d613432322d33303831363363386538666310011a3a08994e12"
      "0b31373630303030303030302a13323032332d30312d32382031373a33363a32393213323032332d30312d323820"
      "31373a33363a3330209a4e28013080d095ffbc313a004200";
  CHECK(hex(encode_notify(n, kS)) == without);
  auto d = decode_notify(unhex(with));
  REQUIRE(d);
  CHECK(d->id == "0504339d-b2b6-48c9-a422-308163c8e8fc");
  CHECK(d->type == 1);
  CHECK(d->status == 1);
  CHECK(d->sender == kS);
  CHECK(d->remark == "hello");
  CHECK(d->ext == "");
  CHECK(hex(encode(*d)) == with);
}

TEST_CASE("synthetic MessageRead (8.2)", "[codec]") {
  MessageRead r{5, 10009, std::nullopt, 10010};
  CHECK(hex(encode(r)) == "080510994e209a4e");
  auto d = decode_message_read(unhex("080510994e209a4e"));
  REQUIRE(d);
  CHECK(*d == r);
}

TEST_CASE("observed wire vectors (8.3)", "[codec]") {
  const char* up_hex =
      "122430336132373639662d613735322d343639332d613664332d32663730623639343638396618904e28914e3204"
      "746578743a0768656c6c6f204240c2f1aecaa134";
  auto up = decode_message_up(unhex(up_hex));
  REQUIRE(up);
  CHECK(up->msg_id == "03a2769f-a752-4693-a6d3-2f70b694689f");
  CHECK(up->sender == 10000);
  CHECK(up->receiver == 10001);
  CHECK(up->type == "text");
  CHECK(up->content == "hello B");
  CHECK(up->timer == 1795720722626);
  CHECK_FALSE(up->group_id);
  CHECK(hex(encode(*up)) == up_hex);

  im::Message m;
  m.id = 2;
  m.msg_id = up->msg_id;
  m.type = "text";
  m.sender = 10000;
  m.receiver = 10001;
  m.content = "hello B";
  m.timer = 1795720722626;
  CHECK(hex(encode_message_down(m, kA)) ==
        "0802122430336132373639662d613735322d343639332d613664332d32663730623639343638396618904e22"
        "3a08904e120b31333830303030303030312a13323032362d31312d32362031393a31383a3335321332303236"
        "2d31312d32362031393a31383a333530914e3a0474657874420768656c6c6f204248c2f1aecaa134");

  const char* group_hex =
      "122432336464643039342d383263302d346664622d393036362d32633035316138663238356318904e20012801"
      "3204746578743a0e68656c6c6f2067726f757020233140bbc0afcaa134";
  auto g = decode_message_up(unhex(group_hex));
  REQUIRE(g);
  REQUIRE(g->group_id);
  CHECK(*g->group_id == 1);
  CHECK(g->receiver == 1);
  CHECK(g->content == "hello group #1");
  CHECK(g->timer == 1795720732731);
  CHECK(hex(encode(*g)) == group_hex);

  im::Message gm;
  gm.id = 3;
  gm.msg_id = g->msg_id;
  gm.type = "text";
  gm.sender = 10000;
  gm.group_id = 1;
  gm.receiver = 1;
  gm.content = "hello group #1";
  gm.timer = 1795720732731;
  CHECK(hex(encode_message_down(gm, kA)) ==
        "0803122432336464643039342d383263302d346664622d393036362d32633035316138663238356318904e22"
        "3a08904e120b31333830303030303030312a13323032362d31312d32362031393a31383a3335321332303236"
        "2d31312d32362031393a31383a3335280130013a0474657874420e68656c6c6f2067726f757020233148bbc0"
        "afcaa134");

  const char* notify_hex =
      "0a2430336634633164332d633139372d343239312d393638342d35306238383936376535303310011a3a08904e12"
      "0b31333830303030303030312a13323032362d31312d32362031393a31383a33353213323032362d31312d323620"
      "31393a31383a333520914e280130d5f6b0caa1343a066e6f206578744200";
  im::Notify n;
  n.id = "03f4c1d3-c197-4291-9684-50b88967e503";
  n.receiver = 10001;
  n.timer = 1795720756053;
  n.remark = "no ext";
  CHECK(hex(encode_notify(n, kA)) == notify_hex);
  auto nd = decode_notify(unhex(notify_hex));
  REQUIRE(nd);
  CHECK(nd->remark == "no ext");
  CHECK(nd->receiver == 10001);

  auto r = decode_message_read(unhex("080210914e20904e"));
  REQUIRE(r);
  CHECK(*r == MessageRead{2, 10001, std::nullopt, 10000});
  CHECK(hex(encode(*r)) == "080210914e20904e");

  CHECK_FALSE(decode_message_up(unhex("0a0141")));
}

TEST_CASE("decoding failures are values (6)", "[codec]") {
  const std::string up = unhex("1206757569642d3118994e289a4e3204746578743a0268694080d095ffbc31");
  // truncated at every length
  for (std::size_t n = 0; n < up.size(); ++n) CHECK_FALSE(decode_message_up(up.substr(0, n)));
  // required field missing: drop the timer
  CHECK_FALSE(decode_message_up(unhex("1206757569642d3118994e289a4e3204746578743a026869")));
  // wire-type mismatch: field 3 (sender) as a length-delimited string
  CHECK_FALSE(decode_message_up(up + unhex("1a0141")));
  // invalid UTF-8 in content
  CHECK_FALSE(
      decode_message_up(unhex("1206757569642d3118994e289a4e3204746578743a02ff684080d095ffbc31")));
  // unknown fields are skipped
  CHECK(decode_message_up(up + unhex("f80701")));
  // a client-chosen id is decoded (and later ignored, S18)
  auto with_id = decode_message_up(unhex("08bf843d") + up);
  REQUIRE(with_id);
  CHECK(with_id->id == 999999);
  // acks: JSON text, empty bytes, garbage
  CHECK_FALSE(decode_ack(""));
  CHECK_FALSE(decode_ack("{\"statusCode\":200}"));
  CHECK_FALSE(decode_ack(unhex("ffffffff")));
  CHECK_FALSE(decode_message_read(unhex("0802")));
  CHECK_FALSE(decode_notify(unhex("0a0141")));
}

TEST_CASE("a Notify with unknown enum values is accepted (6)", "[codec]") {
  NotifyWire n;
  n.id = "x";
  n.type = 1;
  n.receiver = 1;
  n.status = 1;
  n.timer = 1;
  std::string bytes = encode(n);
  // type 9: 0x10 0x09 instead of 0x10 0x01
  auto pos = bytes.find(std::string("\x10\x01", 2));
  REQUIRE(pos != std::string::npos);
  bytes[pos + 1] = 9;
  auto d = decode_notify(bytes);
  REQUIRE(d);
  CHECK(d->type == 9);
}
