// Presence transitions (im::PresenceTracker; docs/protocol-extensions.md "Presence") with a fake
// store, fake sessions and made-up time points: the debounce, the other nodes, the setting.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "extension_fakes.hpp"
#include "im/hub.hpp"
#include "im/presence_tracker.hpp"
#include "im/wire/im_ext.pb.h"

using namespace std::chrono_literals;
using im_test::FeatureSession;

namespace {

const auto t0 = std::chrono::steady_clock::time_point{} + 1000h;

struct FakePresenceStore : im::PresenceStore {
  std::set<im::UserId> hidden;
  std::map<im::UserId, std::vector<im::UserId>> friends;
  im::StoreResult<im::Done> set_presence_hidden(im::UserId user, bool h) override {
    if (h)
      hidden.insert(user);
    else
      hidden.erase(user);
    return im::Done{};
  }
  im::StoreResult<bool> presence_hidden(im::UserId user) override { return hidden.contains(user); }
  im::StoreResult<std::vector<im::PresenceFriend>> presence_friends(im::UserId user) override {
    std::vector<im::PresenceFriend> out;
    for (auto f : friends[user]) out.push_back({f, hidden.contains(f)});
    return out;
  }
};

// Another node: holds the users in `held`.
struct FakeBus : im::Bus {
  std::set<im::UserId> held;
  std::string id = "fake";
  const std::string& node_id() const override { return id; }
  void attach(im::BusReceiver*) override {}
  void joined(im::UserId) override {}
  void left(im::UserId) override {}
  void forward(im::UserId, std::string_view, im::SharedBytes, ResultCallback done) override {
    if (done) done(im::push_offline);
  }
  void close_sessions(im::UserId, const std::optional<std::string>&) override {}
  void held_elsewhere(std::vector<im::UserId> users, HeldCallback done) override {
    std::vector<bool> out;
    for (auto u : users) out.push_back(held.contains(u));
    done(std::move(out));
  }
};

// The presence pushes a session got, as "userId:online|offline".
std::vector<std::string> transitions(const FeatureSession& s) {
  std::vector<std::string> out;
  for (const auto& [event, bytes] : s.events()) {
    REQUIRE(event == "on-presence");
    im::wire::ext::Presence p;
    REQUIRE(p.ParseFromString(bytes));
    out.push_back(std::to_string(p.userid()) + (p.online() ? ":online" : ":offline"));
  }
  return out;
}

struct Fixture {
  im::Hub hub;
  FakePresenceStore store;
  std::shared_ptr<FakeBus> bus;
  std::unique_ptr<im::PresenceTracker> tracker;
  std::shared_ptr<FeatureSession> watcher =  // a friend's socket that opted in
      std::make_shared<FeatureSession>(2,
                                       std::initializer_list<im::Feature>{im::Feature::presence});
  std::shared_ptr<FeatureSession> plain = std::make_shared<FeatureSession>(2);  // did not opt in

  explicit Fixture(bool with_bus = false) {
    if (with_bus) bus = std::make_shared<FakeBus>();
    store.friends[1] = {2};
    store.friends[2] = {1};
    tracker = std::make_unique<im::PresenceTracker>(
        hub, store, bus, im_test::inline_executor(),
        im::PresenceTracker::Options{.debounce = 3s, .own_timer = false});
    tracker->connect(watcher);
    tracker->connect(plain);
  }
};

}  // namespace

TEST_CASE("the first session announces online, the last one offline after the debounce",
          "[presence]") {
  Fixture f;
  auto s = std::make_shared<FeatureSession>(1);
  f.tracker->connect(s);
  CHECK(transitions(*f.watcher) == std::vector<std::string>{"1:online"});
  CHECK(f.plain->events().empty());  // a socket that did not opt in hears nothing new

  f.tracker->disconnect(*s, t0 + 1s);
  CHECK(f.tracker->run_due(t0 + 3s) == t0 + 4s);  // not yet
  CHECK(transitions(*f.watcher).size() == 1);
  CHECK_FALSE(f.tracker->run_due(t0 + 4s));
  CHECK(transitions(*f.watcher) == std::vector<std::string>{"1:online", "1:offline"});
  CHECK(f.plain->events().empty());
}

TEST_CASE("a reconnect within the debounce announces nothing", "[presence]") {
  Fixture f;
  auto first = std::make_shared<FeatureSession>(1);
  f.tracker->connect(first);
  f.tracker->disconnect(*first, t0 + 1s);
  auto again = std::make_shared<FeatureSession>(1);
  f.tracker->connect(again);
  f.tracker->run_due(t0 + 10s);
  CHECK(transitions(*f.watcher) == std::vector<std::string>{"1:online"});
}

TEST_CASE("a second device neither announces online nor, leaving, offline", "[presence]") {
  Fixture f;
  auto phone = std::make_shared<FeatureSession>(1);
  auto desk = std::make_shared<FeatureSession>(1);
  f.tracker->connect(phone);
  f.tracker->connect(desk);
  f.tracker->disconnect(*phone, t0);
  f.tracker->run_due(t0 + 10s);
  CHECK(transitions(*f.watcher) == std::vector<std::string>{"1:online"});
  f.tracker->disconnect(*desk, t0 + 10s);
  f.tracker->disconnect(*desk, t0 + 11s);  // a stale second disconnect changes nothing
  f.tracker->run_due(t0 + 20s);
  CHECK(transitions(*f.watcher) == std::vector<std::string>{"1:online", "1:offline"});
}

TEST_CASE("another node holding the user: no online when joining, no offline when leaving",
          "[presence]") {
  Fixture f(/*with_bus=*/true);
  f.bus->held.insert(1);
  auto s = std::make_shared<FeatureSession>(1);
  f.tracker->connect(s);
  f.tracker->disconnect(*s, t0);
  f.tracker->run_due(t0 + 10s);
  CHECK(f.watcher->events().empty());
  CHECK(f.tracker->online({1, 3}) == std::vector<bool>{true, false});

  f.bus->held.clear();  // gone there too: this node's debounce now announces it
  f.tracker->connect(s);
  f.tracker->disconnect(*s, t0 + 20s);
  f.tracker->run_due(t0 + 30s);
  CHECK(transitions(*f.watcher) == std::vector<std::string>{"1:online", "1:offline"});
}

TEST_CASE("a user who hides their presence announces nothing; changing it tells the friends",
          "[presence]") {
  Fixture f;
  f.store.hidden.insert(1);
  auto s = std::make_shared<FeatureSession>(1);
  f.tracker->connect(s);
  CHECK(f.watcher->events().empty());

  f.store.hidden.erase(1);
  f.tracker->visibility_changed(1, false);  // shown while online
  f.store.hidden.insert(1);
  f.tracker->visibility_changed(1, true);  // hidden while online: looks like leaving
  CHECK(transitions(*f.watcher) == std::vector<std::string>{"1:online", "1:offline"});

  f.tracker->disconnect(*s, t0);
  f.tracker->run_due(t0 + 10s);
  f.tracker->visibility_changed(1, false);  // offline: nothing to tell
  CHECK(transitions(*f.watcher).size() == 2);
}
