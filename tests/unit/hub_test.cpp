// Presence and per-user push results (docs/contract/realtime.md 4, 6.1) with a fake Session.
#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <thread>
#include <tuple>
#include <vector>

#include "im/codec.hpp"
#include "im/hub.hpp"

namespace {

struct FakeSession : im::Session {
  std::uint64_t sid;
  im::UserContext ctx;
  struct Sent {
    std::string event;
    im::SharedBytes bytes;
    AckCallback ack;
  };
  std::vector<Sent> sent;
  bool closed = false;
  im::Features opted_in;

  FakeSession(std::uint64_t id, im::UserId user, std::string token = "t") : sid(id) {
    ctx.id = user;
    ctx.token = std::move(token);
  }
  const im::UserContext& user() const override { return ctx; }
  void send(std::string_view event, im::SharedBytes payload, AckCallback on_ack) override {
    sent.push_back({std::string(event), std::move(payload), std::move(on_ack)});
  }
  void close() override {
    closed = true;
    for (auto& s : sent) {
      if (s.ack) std::exchange(s.ack, nullptr)(im::AckReply{im::AckReply::Kind::closed, {}});
    }
  }
  void ack(std::size_t i, im::AckReply reply) { std::exchange(sent.at(i).ack, nullptr)(reply); }
  im::Features features() const override { return opted_in; }
};

im::AckReply binary(const im::codec::AckMessage& a) {
  return {im::AckReply::Kind::binary, im::codec::encode(a)};
}

auto bytes() {
  return std::make_shared<const std::string>("x");
}

}  // namespace

TEST_CASE("an offline user gives 204", "[hub]") {
  im::Hub hub;
  int result = 0;
  hub.push(10001, "on-message", bytes(), [&](int s) { result = s; });
  CHECK(result == 204);
}

TEST_CASE("a disconnect removes only its own session (B18)", "[hub]") {
  im::Hub hub;
  auto s1 = std::make_shared<FakeSession>(1, 10001);
  auto s2 = std::make_shared<FakeSession>(2, 10001);
  hub.add(s1);
  hub.add(s2);
  hub.remove(*s1);
  CHECK(hub.online(10001));
  hub.push(10001, "on-message", bytes(), nullptr);
  CHECK(s1->sent.empty());
  CHECK(s2->sent.size() == 1);
  hub.remove(*s1);  // a stale second disconnect changes nothing
  CHECK(hub.online(10001));
  hub.remove(*s2);
  CHECK_FALSE(hub.online(10001));
  CHECK(hub.session_count() == 0);
}

TEST_CASE("every session gets the same shared buffer; one 200 is enough (J20)", "[hub]") {
  im::Hub hub;
  auto s1 = std::make_shared<FakeSession>(1, 10001);
  auto s2 = std::make_shared<FakeSession>(2, 10001);
  hub.add(s1);
  hub.add(s2);
  int result = 0;
  hub.push(10001, "on-message", bytes(), [&](int s) { result = s; });
  REQUIRE(s1->sent.size() == 1);
  REQUIRE(s2->sent.size() == 1);
  CHECK(s1->sent[0].bytes == s2->sent[0].bytes);
  s1->ack(0, {im::AckReply::Kind::timeout, {}});
  CHECK(result == 0);
  s2->ack(0, binary(im::codec::ack_success()));
  CHECK(result == 200);
}

TEST_CASE("the first 200 answers at once; a silent device does not hold it back", "[hub]") {
  im::Hub hub;
  auto fast = std::make_shared<FakeSession>(1, 10001);
  auto silent = std::make_shared<FakeSession>(2, 10001);
  hub.add(fast);
  hub.add(silent);
  std::vector<int> results;
  hub.push(10001, "on-message", bytes(), [&](int s) { results.push_back(s); });
  fast->ack(0, binary(im::codec::ack_success()));
  CHECK(results == std::vector<int>{200});
  silent->ack(0, {im::AckReply::Kind::timeout, {}});
  CHECK(results == std::vector<int>{200});  // exactly once
}

TEST_CASE("failures: non-200, JSON, garbage, timeout, closed (B3, B25, B26)", "[hub]") {
  using K = im::AckReply::Kind;
  const std::vector<im::AckReply> failures = {
      binary({500, "x"}),
      binary({201, std::nullopt}),
      {K::binary, "garbage\xff"},
      {K::binary, ""},
      {K::other, {}},
      {K::timeout, {}},
  };
  for (const auto& reply : failures) {
    im::Hub hub;
    auto s = std::make_shared<FakeSession>(1, 10001);
    hub.add(s);
    int result = 0;
    hub.push(10001, "on-message", bytes(), [&](int r) { result = r; });
    s->ack(0, reply);
    CHECK(result == 408);
  }
  im::Hub hub;
  auto s = std::make_shared<FakeSession>(1, 10001);
  hub.add(s);
  int result = 0;
  hub.push(10001, "on-notify", bytes(), [&](int r) { result = r; });
  s->close();
  CHECK(result == 408);
  CHECK(im::Hub::is_success(binary({200, std::nullopt})));
}

TEST_CASE("the hub times acks itself: a silent session counts as failed (issue 16)", "[hub]") {
  im::Hub hub(std::chrono::milliseconds(20));
  auto silent = std::make_shared<FakeSession>(1, 10001);
  hub.add(silent);
  std::promise<int> answered;
  auto result = answered.get_future();
  hub.push(10001, "on-message", bytes(), [&](int r) { answered.set_value(r); });
  // Waits for the answer the ack timer gives; the bound only keeps a broken timer from hanging
  // the suite.
  REQUIRE(result.wait_for(std::chrono::seconds(30)) == std::future_status::ready);
  CHECK(result.get() == 408);
  REQUIRE(silent->sent.size() == 1);
  silent->ack(0, binary(im::codec::ack_success()));  // too late: ignored, answered once
}

TEST_CASE("an ack in time is not overridden by the timer", "[hub]") {
  im::Hub hub(std::chrono::milliseconds(20));
  auto s = std::make_shared<FakeSession>(1, 10001);
  hub.add(s);
  std::atomic<int> answers{0};
  std::atomic<int> last{0};
  hub.push(10001, "on-message", bytes(), [&](int r) {
    last = r;
    ++answers;
  });
  s->ack(0, binary(im::codec::ack_success()));
  // A second push, answered by the timer, shows the first deadline has passed as well.
  std::promise<int> later;
  auto timed_out = later.get_future();
  hub.push(10001, "on-message", bytes(), [&](int r) { later.set_value(r); });
  REQUIRE(timed_out.wait_for(std::chrono::seconds(30)) == std::future_status::ready);
  CHECK(timed_out.get() == 408);
  CHECK(answers == 1);
  CHECK(last == 200);
}

TEST_CASE("the excluded session is skipped (J21)", "[hub]") {
  im::Hub hub;
  auto s1 = std::make_shared<FakeSession>(1, 10000);
  hub.add(s1);
  int result = 0;
  hub.push(
      10000, "on-message", bytes(), [&](int r) { result = r; }, s1.get());
  CHECK(result == 204);
  CHECK(s1->sent.empty());
}

TEST_CASE("revocation closes the sessions of that token (S7)", "[hub]") {
  im::Hub hub;
  auto a = std::make_shared<FakeSession>(1, 10000, "tok-a");
  auto b = std::make_shared<FakeSession>(2, 10000, "tok-b");
  hub.add(a);
  hub.add(b);
  CHECK(hub.close_sessions(10000, std::string("tok-a")) == 1);
  CHECK(a->closed);
  CHECK_FALSE(b->closed);
  CHECK(hub.close_sessions(10000, std::nullopt) == 2);
  CHECK(b->closed);
}

namespace {

// Stands in for the other nodes: records forwards and answers them when the test says so.
struct FakeBus : im::Bus {
  std::string id = "fake";
  std::vector<ResultCallback> forwards;
  std::vector<im::UserId> presence;
  const std::string& node_id() const override { return id; }
  void attach(im::BusReceiver*) override {}
  void joined(im::UserId user) override { presence.push_back(user); }
  void left(im::UserId user) override { std::erase(presence, user); }
  void forward(im::UserId, std::string_view, im::SharedBytes, ResultCallback done) override {
    forwards.push_back(std::move(done));
  }
  void close_sessions(im::UserId, const std::optional<std::string>&) override {}
  void signal(im::UserId user, im::Feature feature, std::string_view event,
              im::SharedBytes) override {
    signals.emplace_back(user, feature, std::string(event));
  }
  std::vector<std::tuple<im::UserId, im::Feature, std::string>> signals;
  void answer(std::size_t i, int status) { std::exchange(forwards.at(i), nullptr)(status); }
};

}  // namespace

TEST_CASE("with a bus, devices on other nodes are asked too", "[hub][bus]") {
  auto bus = std::make_shared<FakeBus>();
  im::Hub hub;
  hub.set_bus(bus);
  auto here = std::make_shared<FakeSession>(1, 10001);
  hub.add(here);
  CHECK(bus->presence == std::vector<im::UserId>{10001});
  std::vector<int> results;
  auto record = [&](int r) { results.push_back(r); };

  SECTION("a local 200 answers at once; the late remote answer is ignored") {
    hub.push(10001, "on-message", bytes(), record);
    REQUIRE(bus->forwards.size() == 1);
    REQUIRE(here->sent.size() == 1);
    here->ack(0, binary(im::codec::ack_success()));
    CHECK(results == std::vector<int>{200});
    bus->answer(0, 408);
    CHECK(results == std::vector<int>{200});
  }
  SECTION("a local failure waits for the other nodes, whose 200 wins") {
    hub.push(10001, "on-message", bytes(), record);
    here->ack(0, {im::AckReply::Kind::timeout, {}});
    CHECK(results.empty());
    bus->answer(0, 200);
    CHECK(results == std::vector<int>{200});
  }
  SECTION("a local failure and nobody elsewhere is 408") {
    hub.push(10001, "on-message", bytes(), record);
    bus->answer(0, 204);
    CHECK(results.empty());
    here->ack(0, binary({500, "x"}));
    CHECK(results == std::vector<int>{408});
  }
  SECTION("only the sending socket here: the user's other nodes still get it") {
    hub.push(10001, "on-message", bytes(), record, here.get());
    CHECK(here->sent.empty());
    REQUIRE(bus->forwards.size() == 1);
    bus->answer(0, 200);
    CHECK(results == std::vector<int>{200});
  }
  SECTION("nobody anywhere is 204") {
    hub.push(10002, "on-message", bytes(), record);
    bus->answer(0, 204);
    CHECK(results == std::vector<int>{204});
  }
  SECTION("no session here and a silent node is 408") {
    hub.push(10002, "on-message", bytes(), record);
    bus->answer(0, 408);
    CHECK(results == std::vector<int>{408});
  }
  hub.remove(*here);
  CHECK(bus->presence.empty());
}

TEST_CASE("the bus can be replaced while other threads push", "[hub][bus]") {
  // The host resets the bus when its endpoint goes away while the writer's batches may still be
  // pushing (issue 11 item 8); ThreadSanitizer watches this one.
  struct QuietBus : FakeBus {
    std::atomic<int> forwarded{0};
    void forward(im::UserId, std::string_view, im::SharedBytes, ResultCallback done) override {
      ++forwarded;
      done(204);
    }
  };
  im::Hub hub;
  auto bus = std::make_shared<QuietBus>();
  std::atomic<bool> stop{false};
  std::atomic<int> answered{0};
  std::thread pusher([&] {
    while (!stop) hub.push(10001, "on-message", bytes(), [&](int) { ++answered; });
  });
  // Swap until the pusher has been answered many times: the two overlap however the threads run.
  for (int i = 0; i < 200 || answered < 1000; ++i) {
    hub.set_bus(i % 2 == 0 ? bus : nullptr);
    REQUIRE(hub.has_bus() == (i % 2 == 0));
  }
  stop = true;
  pusher.join();
  CHECK(answered >= 1000);
}

TEST_CASE("an extension event reaches only the sessions that opted in to its feature",
          "[hub][features]") {
  auto bus = std::make_shared<FakeBus>();
  im::Hub hub;
  hub.set_bus(bus);
  auto plain = std::make_shared<FakeSession>(1, 10001);  // the Electron client as it is
  auto typing = std::make_shared<FakeSession>(2, 10001);
  typing->opted_in.add(im::Feature::typing);
  auto both = std::make_shared<FakeSession>(3, 10001);
  both->opted_in.add(im::Feature::typing);
  both->opted_in.add(im::Feature::presence);
  for (const auto& s : {plain, typing, both}) hub.add(s);

  hub.signal(10001, im::Feature::typing, "on-typing", bytes(), /*except=*/both.get());
  CHECK(plain->sent.empty());
  REQUIRE(typing->sent.size() == 1);
  CHECK(typing->sent[0].event == "on-typing");
  CHECK_FALSE(typing->sent[0].ack);  // no ack is requested
  CHECK(both->sent.empty());

  hub.signal(10001, im::Feature::presence, "on-presence", bytes());
  CHECK(plain->sent.empty());
  CHECK(typing->sent.size() == 1);
  CHECK(both->sent.size() == 1);

  // The other nodes are told every time: the user's opted-in devices may be there.
  CHECK(bus->signals.size() == 2);
  CHECK(std::get<1>(bus->signals[0]) == im::Feature::typing);

  // From another node: local sessions with the feature only.
  hub.signal_local(10001, im::Feature::typing, "on-typing", bytes());
  CHECK(plain->sent.empty());
  CHECK(typing->sent.size() == 2);
  CHECK(both->sent.size() == 2);
  CHECK(bus->signals.size() == 2);  // never forwarded again
}

TEST_CASE("feature names", "[features]") {
  CHECK(im::feature_from_name("sync") == im::Feature::sync);
  CHECK(im::feature_from_name("receipts") == im::Feature::receipts);
  CHECK_FALSE(im::feature_from_name("Sync"));
  CHECK_FALSE(im::feature_from_name(""));
  for (auto f : {im::Feature::sync, im::Feature::typing, im::Feature::presence, im::Feature::edit,
                 im::Feature::receipts})
    CHECK(im::feature_from_name(im::feature_name(f)) == f);
  im::Features set;
  CHECK(set.empty());
  set.add(im::Feature::edit);
  CHECK(set.has(im::Feature::edit));
  CHECK_FALSE(set.has(im::Feature::sync));
  CHECK(im::Features::from_bits(set.bits()) == set);
}
