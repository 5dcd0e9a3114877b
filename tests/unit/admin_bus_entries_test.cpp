// What the Redis bus writes for the admin API (docs/operations.md "Admin API"): the session
// descriptions, the nodes' figures and the frame that closes one session on another node.
#include <catch2/catch.hpp>

#include "server/adapters/redis/bus_frame.hpp"
#include "server/adapters/redis/node_load_entry.hpp"
#include "server/adapters/redis/session_entry.hpp"

using namespace im::host::redis;

TEST_CASE("session descriptions round-trip through their hash field and value", "[admin]") {
  im::SessionDescription d{"42", "", "polling", "2001:db8::1", 1'700'000'000'123};
  CHECK(sessions_key(10001) == "im:sessions:10001");
  const auto field = session_field("host-7-abc", d.id);
  CHECK(field == "host-7-abc/42");
  auto back = decode_session(field, session_value(d));
  REQUIRE(back);
  CHECK(back->node == "host-7-abc");
  CHECK(back->id == "42");
  CHECK(back->transport == "polling");
  CHECK(back->address == "2001:db8::1");
  CHECK(back->connected_at_ms == 1'700'000'000'123);
  const std::pair<const char*, const char*> malformed[] = {{"nodeonly", "polling\ta\t1"},
                                                           {"/42", "polling\ta\t1"},
                                                           {"n/", "polling\ta\t1"},
                                                           {"n/1", "polling\ta"},
                                                           {"n/1", "p\ta\tx"}};
  for (auto [f, v] : malformed) CHECK_FALSE(decode_session(f, v));
}

TEST_CASE("node figures round-trip; malformed entries are refused", "[admin]") {
  im::NodeLoad load;
  load.online_users = 3;
  load.sessions = 5;
  load.messages_per_minute = 12.4;
  auto back = decode_node_load("n1", node_load_value(1000, load));
  REQUIRE(back);
  CHECK(back->first == 1000);
  CHECK(back->second.node == "n1");
  CHECK(back->second.online_users == 3);
  CHECK(back->second.sessions == 5);
  CHECK(back->second.messages_per_minute == 12);
  load.messages_per_minute.reset();
  CHECK_FALSE(decode_node_load("n1", node_load_value(1000, load))->second.messages_per_minute);
  CHECK_FALSE(decode_node_load("n1", "1000 3 5"));
  CHECK_FALSE(decode_node_load("n1", "x 3 5 -"));
}

TEST_CASE("the close-one-session frame names its origin, user and session", "[admin]") {
  auto frame = decode_frame(encode_close_session("node-a", 10001, "17"));
  REQUIRE(frame);
  CHECK(frame->kind == BusFrame::Kind::close_session);
  CHECK(frame->node == "node-a");
  CHECK(frame->user == 10001);
  CHECK(frame->session == "17");
  CHECK_FALSE(decode_frame("K node-a 10001 \n"));
}
