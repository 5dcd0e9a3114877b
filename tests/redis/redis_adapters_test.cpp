// TokenStore, Cache and Bus over a real Redis (docs/contract/data-model.md 4, 5; issue 4): key
// layout, TTL semantics, AUTH/SELECT, pipelining on the shared Redis loop, cross-node pushes
// between two bus instances, and reconnect/resubscribe after a Redis restart.
#include <catch2/catch.hpp>

#include <hiredis/hiredis.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "im/hub.hpp"
#include "server/adapters/redis/async_client.hpp"
#include "server/adapters/redis/redis_adapters.hpp"

namespace {

using namespace std::chrono_literals;

im::host::RedisConfig config() {
  const char* host = std::getenv("IM_TEST_REDIS_HOST");
  if (!host || !*host) FAIL("IM_TEST_REDIS_HOST is not set (run scripts/services.sh start <dir>)");
  im::host::RedisConfig c;
  c.host = host;
  const char* port = std::getenv("IM_TEST_REDIS_PORT");
  c.port = static_cast<std::uint16_t>(port && *port ? std::atoi(port) : 6379);
  c.db = 3;  // keep test keys away from database 0
  return c;
}

// A raw connection for checking what the adapters wrote.
struct Raw {
  redisContext* ctx;
  explicit Raw(const im::host::RedisConfig& c) {
    ctx = redisConnect(c.host.c_str(), c.port);
    REQUIRE(ctx);
    REQUIRE(ctx->err == 0);
    cmd("SELECT " + std::to_string(c.db));
  }
  ~Raw() { redisFree(ctx); }
  std::string cmd(const std::string& text) {
    // Space-separated words, each one argument (test keys contain no spaces).
    std::vector<std::string> words;
    for (std::size_t i = 0; i < text.size();) {
      std::size_t j = text.find(' ', i);
      if (j == std::string::npos) j = text.size();
      words.push_back(text.substr(i, j - i));
      i = j + 1;
    }
    std::vector<const char*> argv;
    std::vector<size_t> lens;
    for (const auto& w : words) {
      argv.push_back(w.data());
      lens.push_back(w.size());
    }
    auto* r = static_cast<redisReply*>(
        redisCommandArgv(ctx, static_cast<int>(argv.size()), argv.data(), lens.data()));
    REQUIRE(r);
    std::string out;
    if (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS ||
        r->type == REDIS_REPLY_ERROR) {
      out.assign(r->str, r->len);
    } else if (r->type == REDIS_REPLY_INTEGER) {
      out = std::to_string(r->integer);
    }
    freeReplyObject(r);
    return out;
  }
};

std::string unique(const std::string& base) {
  static int n = 0;
  return base + std::to_string(::getpid()) + "_" + std::to_string(n++);
}

}  // namespace

TEST_CASE("token store uses the original key layout", "[redis]") {
  auto c = config();
  auto tokens = im::host::make_redis_token_store(c, "user_auth_test");
  Raw raw(c);
  const std::string user = unique("1");
  REQUIRE(tokens->add(user, "tok-a", "jwt-a", 43200s).ok());
  REQUIRE(tokens->add(user, "tok-b", "jwt-b", 43200s).ok());

  CHECK(raw.cmd("TYPE user_auth_test::" + user) == "hash");
  CHECK(raw.cmd("HGET user_auth_test::" + user + " tok-a") == "jwt-a");
  CHECK(raw.cmd("HLEN user_auth_test::" + user) == "2");
  CHECK(tokens->get(user, "tok-b").value() == std::optional<std::string>("jwt-b"));
  CHECK_FALSE(tokens->get(user, "tok-x").value().has_value());
  CHECK_FALSE(tokens->get(unique("nobody"), "tok-a").value().has_value());

  auto ttl = tokens->ttl(user).value();
  REQUIRE(ttl.has_value());
  CHECK(*ttl > 43190);
  CHECK(*ttl <= 43200);

  CHECK(tokens->remove(user, "tok-a").value());
  CHECK_FALSE(tokens->remove(user, "tok-a").value());
  CHECK_FALSE(tokens->get(user, "tok-a").value().has_value());
  CHECK(tokens->get(user, "tok-b").value().has_value());

  REQUIRE(tokens->remove_all(user).ok());
  CHECK_FALSE(tokens->get(user, "tok-b").value().has_value());
  CHECK_FALSE(tokens->ttl(user).value().has_value());
}

TEST_CASE("token TTL slides with touch and expires the whole hash", "[redis]") {
  auto c = config();
  auto tokens = im::host::make_redis_token_store(c, "user_auth_test");
  const std::string user = unique("2");
  REQUIRE(tokens->add(user, "t1", "j1", 100s).ok());
  CHECK(tokens->ttl(user).value().value_or(0) > 90);
  REQUIRE(tokens->touch(user, 1000s).ok());
  CHECK(tokens->ttl(user).value().value_or(0) > 990);
  // A new login resets the TTL of every token of the user.
  REQUIRE(tokens->add(user, "t2", "j2", 2s).ok());
  CHECK(tokens->ttl(user).value().value_or(0) <= 2);
  std::this_thread::sleep_for(2100ms);
  CHECK_FALSE(tokens->get(user, "t1").value().has_value());
  CHECK_FALSE(tokens->get(user, "t2").value().has_value());
  CHECK_FALSE(tokens->ttl(user).value().has_value());
  // touch on a missing hash does not create it.
  REQUIRE(tokens->touch(user, 100s).ok());
  CHECK_FALSE(tokens->ttl(user).value().has_value());
}

TEST_CASE("cache get/set/del with expiry", "[redis]") {
  auto c = config();
  auto cache = im::host::make_redis_cache(c);
  const std::string key = "/api/v1/users/" + unique("");
  CHECK_FALSE(cache->get(key).value().has_value());
  CHECK_FALSE(cache->ttl(key).value().has_value());
  const std::string body = R"({"statusCode":200,"data":{"account":"😀 ünïcode"}})";
  REQUIRE(cache->set(key, body, 60s).ok());
  CHECK(cache->get(key).value() == std::optional<std::string>(body));
  auto ttl = cache->ttl(key).value();
  REQUIRE(ttl.has_value());
  CHECK(*ttl > 55);
  CHECK(*ttl <= 60);
  REQUIRE(cache->del(key).ok());
  CHECK_FALSE(cache->get(key).value().has_value());
  REQUIRE(cache->del(key).ok());  // deleting a missing key is fine

  REQUIRE(cache->set(key, "short", 1s).ok());
  std::this_thread::sleep_for(1100ms);
  CHECK_FALSE(cache->get(key).value().has_value());

  // Binary-safe values.
  const std::string binary("a\0b\r\nc", 6);
  REQUIRE(cache->set(key, binary, 60s).ok());
  CHECK(cache->get(key).value() == std::optional<std::string>(binary));
}

TEST_CASE("counters expire from their creation, not from each increment", "[redis]") {
  auto c = config();
  auto cache = im::host::make_redis_cache(c);
  const std::string key = "login_fail::" + unique("");
  CHECK(cache->increment(key, 900s).value() == 1);
  CHECK(cache->ttl(key).value().value_or(0) > 895);
  CHECK(cache->increment(key, 5s).value() == 2);
  CHECK(cache->ttl(key).value().value_or(0) > 895);  // the window is not extended
  CHECK(cache->increment(key, 900s).value() == 3);
  CHECK(cache->get(key).value() == std::optional<std::string>("3"));

  const std::string short_key = "login_fail_ip::" + unique("");
  CHECK(cache->increment(short_key, 1s).value() == 1);
  std::this_thread::sleep_for(1100ms);
  CHECK(cache->increment(short_key, 1s).value() == 1);  // a new window
}

TEST_CASE("S9 failure logs: a sliding window, the newest kept, shared by every node", "[redis]") {
  auto c = config();
  auto cache = im::host::make_redis_cache(c);
  const std::string key = "login_failures::" + unique("");
  const std::chrono::milliseconds window{900'000};
  const std::int64_t t0 = 1'795'720'715'000;
  CHECK(cache->recent_events(key, t0, window).value().empty());
  CHECK(cache->record_event(key, t0, window, 3).value() == std::vector<std::int64_t>{t0});
  // Two events in the same millisecond both count.
  CHECK(cache->record_event(key, t0 + 1, window, 3).value() ==
        std::vector<std::int64_t>{t0, t0 + 1});
  CHECK(cache->record_event(key, t0 + 1, window, 3).value() ==
        std::vector<std::int64_t>{t0, t0 + 1, t0 + 1});
  CHECK(cache->record_event(key, t0 + 2, window, 3).value() ==
        std::vector<std::int64_t>{t0 + 1, t0 + 1, t0 + 2});
  // The log expires with the window (PEXPIRE on every write).
  CHECK(cache->ttl(key).value().value_or(0) > 895);
  // One window after t0 + 1, only the event at t0 + 2 is left.
  CHECK(cache->recent_events(key, t0 + 1 + 900'000, window).value() ==
        std::vector<std::int64_t>{t0 + 2});
  // Another adapter on the same Redis (another node) sees the same log.
  auto other = im::host::make_redis_cache(c);
  CHECK(other->recent_events(key, t0 + 3, window).value().size() == 3);
  REQUIRE(cache->del(key).ok());
  CHECK(other->recent_events(key, t0 + 3, window).value().empty());
}

TEST_CASE("concurrent use from worker threads", "[redis]") {
  auto c = config();
  auto cache = im::host::make_redis_cache(c);
  const std::string key = "counter::" + unique("");
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) (void)cache->increment(key, 60s);  // checked by the total
    });
  }
  for (auto& th : threads) th.join();
  CHECK(cache->get(key).value() == std::optional<std::string>("800"));
}

TEST_CASE("SELECT uses the configured database", "[redis]") {
  auto c = config();
  auto cache = im::host::make_redis_cache(c);
  const std::string key = "dbcheck::" + unique("");
  REQUIRE(cache->set(key, "x", 60s).ok());
  Raw raw(c);
  CHECK(raw.cmd("GET " + key) == "x");
  raw.cmd("SELECT 0");
  CHECK(raw.cmd("EXISTS " + key) == "0");
}

TEST_CASE("AUTH is sent when credentials are set (S17)", "[redis]") {
  auto c = config();
  Raw raw(c);
  const std::string user = unique("imtest");
  const std::string password = "pw-" + user;
  REQUIRE(raw.cmd("ACL SETUSER " + user + " on >" + password + " ~* &* +@all") == "OK");
  struct Cleanup {
    Raw& raw;
    std::string user;
    ~Cleanup() { raw.cmd("ACL DELUSER " + user); }
  } cleanup{raw, user};

  auto good = c;
  good.username = user;
  good.password = password;
  auto cache = im::host::make_redis_cache(good);
  const std::string key = "auth::" + unique("");
  REQUIRE(cache->set(key, "ok", 60s).ok());
  CHECK(cache->get(key).value() == std::optional<std::string>("ok"));

  auto bad = good;
  bad.password = "wrong";
  auto refused = im::host::make_redis_cache(bad);
  CHECK(refused->get(key).error().code == im::StoreErrc::unavailable);
}

TEST_CASE("an unreachable Redis answers unavailable, never an exception", "[redis]") {
  auto c = config();
  c.port = 1;  // nothing listens there
  auto tokens = im::host::make_redis_token_store(c, "user_auth_test");
  CHECK(tokens->get("1", "t").error().code == im::StoreErrc::unavailable);
  CHECK(tokens->add("1", "t", "j", 10s).error().code == im::StoreErrc::unavailable);
}

TEST_CASE("a host name is resolved off the Redis loop", "[redis]") {
  auto c = config();
  if (c.host != "127.0.0.1") {
    WARN("IM_TEST_REDIS_HOST is not 127.0.0.1; 'localhost' may not reach it");
    return;
  }
  c.host = "localhost";
  auto cache = im::host::make_redis_cache(c);
  const std::string key = "resolve::" + unique("");
  REQUIRE(cache->set(key, "v", 60s).ok());
  CHECK(cache->get(key).value() == std::optional<std::string>("v"));

  auto nowhere = config();
  nowhere.host = "no-such-host.invalid";  // RFC 2606: never resolves
  auto unreachable = im::host::make_redis_cache(nowhere);
  CHECK(unreachable->get(key).error().code == im::StoreErrc::unavailable);
}

TEST_CASE("connections are replaced after the server drops them", "[redis]") {
  auto c = config();
  auto cache = im::host::make_redis_cache(c);
  const std::string key = "reconnect::" + unique("");
  REQUIRE(cache->set(key, "before", 60s).ok());
  // Kill every client connection of the test database, as a Redis restart would.
  Raw raw(c);
  raw.cmd("CLIENT KILL TYPE normal SKIPME yes");
  CHECK(cache->get(key).value() == std::optional<std::string>("before"));
  REQUIRE(cache->set(key, "after", 60s).ok());
  CHECK(cache->get(key).value() == std::optional<std::string>("after"));
}

// Stopping the real server is opt-in: it needs scripts/services.sh and the services directory.
TEST_CASE("survives a Redis restart", "[redis][restart]") {
  const char* dir = std::getenv("IM_TEST_SERVICES_DIR");
  const char* script = std::getenv("IM_TEST_SERVICES_SCRIPT");
  if (!dir || !script) {
    WARN("IM_TEST_SERVICES_DIR/IM_TEST_SERVICES_SCRIPT not set; restart not exercised");
    return;
  }
  if (!std::ifstream(std::string(dir) + "/redis/redis.pid")) {
    WARN("Redis was not started from " << dir << "; restart not exercised");
    return;
  }
  auto c = config();
  auto tokens = im::host::make_redis_token_store(c, "user_auth_test");
  const std::string user = unique("3");
  REQUIRE(tokens->add(user, "t", "j", 600s).ok());
  const std::string stop = std::string(script) + " stop-redis " + dir + " 2>/dev/null";
  const std::string start = std::string(script) + " start-redis " + dir + " 2>/dev/null";
  REQUIRE(std::system(stop.c_str()) == 0);
  CHECK(tokens->get(user, "t").error().code == im::StoreErrc::unavailable);
  REQUIRE(std::system(start.c_str()) == 0);
  // No persistence in the test server: the data is gone, but the adapter works again.
  CHECK(tokens->add(user, "t2", "j2", 600s).ok());
  CHECK(tokens->get(user, "t2").value() == std::optional<std::string>("j2"));
}

namespace {

// The restart tests stop the Redis of IM_TEST_SERVICES_DIR: point them at a Redis of your own
// (IM_TEST_REDIS_PORT + `scripts/services.sh start-redis <dir>`), never at a shared one.
struct Restartable {
  std::string stop, start, pid_file;
  static std::optional<Restartable> find() {
    const char* dir = std::getenv("IM_TEST_SERVICES_DIR");
    const char* script = std::getenv("IM_TEST_SERVICES_SCRIPT");
    if (!dir || !script) return std::nullopt;
    Restartable r;
    r.pid_file = std::string(dir) + "/redis/redis.pid";
    if (!std::ifstream(r.pid_file)) return std::nullopt;
    r.stop = std::string(script) + " stop-redis " + dir + " 2>/dev/null";
    r.start = std::string(script) + " start-redis " + dir + " 2>/dev/null";
    return r;
  }
  std::string pid() const {
    std::string p;
    std::ifstream(pid_file) >> p;
    return p;
  }
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Statuses handed to a Bus callback, with a wait.
struct Results {
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<int> statuses;

  im::Bus::ResultCallback callback() {
    return [this](int status) {
      std::lock_guard lock(mutex);
      statuses.push_back(status);
      cv.notify_all();
    };
  }
  // The n-th status (1-based), or 0 when it did not come within `timeout`.
  int wait(std::size_t n, std::chrono::milliseconds timeout = 5s) {
    std::unique_lock lock(mutex);
    if (!cv.wait_for(lock, timeout, [&] { return statuses.size() >= n; })) return 0;
    return statuses[n - 1];
  }
  std::size_t count() {
    std::lock_guard lock(mutex);
    return statuses.size();
  }
};

// A node's hub, as far as the bus sees it: answers pushes with `answer` (0: holds them).
struct FakeReceiver : im::BusReceiver {
  std::mutex mutex;
  int answer = im::push_ok;
  std::vector<std::tuple<im::UserId, std::string, std::string>> delivered;
  std::vector<ResultCallback> held;
  std::vector<std::pair<im::UserId, std::optional<std::string>>> closed;

  void deliver_local(im::UserId user, std::string_view event, im::SharedBytes bytes,
                     ResultCallback done) override {
    int status;
    {
      std::lock_guard lock(mutex);
      delivered.emplace_back(user, std::string(event), *bytes);
      status = answer;
      if (status == 0) held.push_back(std::move(done));
    }
    if (status != 0) done(status);
  }
  void close_local(im::UserId user, const std::optional<std::string>& token) override {
    std::lock_guard lock(mutex);
    closed.emplace_back(user, token);
  }
  std::vector<std::tuple<im::UserId, im::Feature, std::string, std::string>> signals;
  void signal_local(im::UserId user, im::Feature feature, std::string_view event,
                    im::SharedBytes bytes) override {
    std::lock_guard lock(mutex);
    signals.emplace_back(user, feature, std::string(event), *bytes);
  }
  std::size_t signal_count() {
    std::lock_guard lock(mutex);
    return signals.size();
  }
  void set_answer(int status) {
    std::lock_guard lock(mutex);
    answer = status;
  }
  std::size_t deliveries() {
    std::lock_guard lock(mutex);
    return delivered.size();
  }
};

im::UserId unique_user() {
  static std::atomic<int> n{0};
  return 900'000'000'000LL + (static_cast<im::UserId>(::getpid()) % 100'000) * 1000 + n++;
}

// Waits until `bus` node's presence entry for `user` is in Redis.
bool wait_presence(Raw& raw, im::UserId user, const std::string& node, bool present = true,
                   std::chrono::milliseconds within = 3s) {
  const auto deadline = std::chrono::steady_clock::now() + within;
  while (std::chrono::steady_clock::now() < deadline) {
    const bool there = raw.cmd("HEXISTS im:presence:" + std::to_string(user) + " " + node) == "1";
    if (there == present) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

}  // namespace

TEST_CASE("commands from many threads share one pipelined connection", "[redis]") {
  auto c = config();
  auto client = im::host::redis::Client::shared(c);
  auto cache = im::host::make_redis_cache(c);  // the same client: same settings
  const std::string base = "pipeline::" + unique("") + "::";
  constexpr int kThreads = 8, kEach = 200;
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  std::vector<long long> ids(kThreads, -1);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      ids[t] = client->run({"CLIENT", "ID"}).integer;
      for (int i = 0; i < kEach; ++i) {
        const std::string key = base + std::to_string(t) + "_" + std::to_string(i);
        const std::string value = "v" + std::to_string(t * 100000 + i);
        if (!cache->set(key, value, 60s).ok()) ++mismatches;
        auto got = cache->get(key);
        if (!got || *got != std::optional<std::string>(value)) ++mismatches;
        // Two commands in one batch come back in order, paired with this caller.
        auto replies = client->run_batch({{"ECHO", value}, {"GET", key}});
        if (replies.size() != 2 || replies[0].str != value || replies[1].str != value) ++mismatches;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(mismatches == 0);
  for (int t = 1; t < kThreads; ++t) CHECK(ids[t] == ids[0]);  // one connection for all

  // Throughput of pipelined asynchronous commands (many in flight at once).
  constexpr int kAsync = 20000;
  const std::string counter = base + "counter";
  std::mutex m;
  std::condition_variable cv;
  int done = 0, failed = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < kAsync; ++i) {
    client->async({{"INCR", counter}}, [&](im::host::redis::Outcome out) {
      std::lock_guard lock(m);
      if (!out.ok()) ++failed;
      if (++done == kAsync) cv.notify_all();
    });
  }
  {
    std::unique_lock lock(m);
    REQUIRE(cv.wait_for(lock, 30s, [&] { return done == kAsync; }));
  }
  const double secs = seconds_since(t0);
  CHECK(failed == 0);
  CHECK(cache->get(counter).value() == std::optional<std::string>(std::to_string(kAsync)));
  WARN(kAsync << " pipelined INCRs in " << secs << " s (" << static_cast<long>(kAsync / secs)
              << "/s)");
}

TEST_CASE("a blocking call on the Redis loop is refused, not a deadlock", "[redis]") {
  auto client = im::host::redis::Client::shared(config());
  std::promise<bool> refused;
  client->async({{"PING"}}, [&](im::host::redis::Outcome) {
    try {
      client->run({"PING"});
      refused.set_value(false);
    } catch (const std::logic_error&) {
      refused.set_value(true);
    }
  });
  auto f = refused.get_future();
  REQUIRE(f.wait_for(5s) == std::future_status::ready);
  CHECK(f.get());
}

TEST_CASE("bus forwards to the node that holds the user and returns its result", "[redis][bus]") {
  auto c = config();
  Raw raw(c);
  auto bus_a = im::host::make_redis_bus(c, 200ms);
  auto bus_b = im::host::make_redis_bus(c, 200ms);
  FakeReceiver recv_a, recv_b;
  bus_a->attach(&recv_a);
  bus_b->attach(&recv_b);
  CHECK(bus_a->node_id() != bus_b->node_id());

  const im::UserId user = unique_user();
  bus_b->joined(user);
  REQUIRE(wait_presence(raw, user, bus_b->node_id()));

  const std::string payload("\x08\x01\x00binary\r\n", 11);
  Results r;
  bus_a->forward(user, "on-message", std::make_shared<const std::string>(payload), r.callback());
  CHECK(r.wait(1) == im::push_ok);
  REQUIRE(recv_b.deliveries() == 1);
  CHECK(std::get<0>(recv_b.delivered[0]) == user);
  CHECK(std::get<1>(recv_b.delivered[0]) == "on-message");
  CHECK(std::get<2>(recv_b.delivered[0]) == payload);
  CHECK(recv_a.deliveries() == 0);

  // The holder answers 204 (its sessions went away meanwhile).
  recv_b.set_answer(im::push_offline);
  bus_a->forward(user, "on-notify", std::make_shared<const std::string>("x"), r.callback());
  CHECK(r.wait(2) == im::push_offline);

  // Nobody holds this user: 204 at once (one HGETALL, nothing published).
  const auto t0 = std::chrono::steady_clock::now();
  bus_a->forward(unique_user(), "on-message", std::make_shared<const std::string>("x"),
                 r.callback());
  CHECK(r.wait(3) == im::push_offline);
  CHECK(seconds_since(t0) < 0.5);
  // Only this node holds the user: nobody else to ask.
  bus_b->forward(user, "on-message", std::make_shared<const std::string>("x"), r.callback());
  CHECK(r.wait(4) == im::push_offline);

  // The holder does not answer: 408 after the ack timeout plus the margin, once; a late answer
  // changes nothing.
  recv_b.set_answer(0);
  const auto t1 = std::chrono::steady_clock::now();
  bus_a->forward(user, "on-message", std::make_shared<const std::string>("x"), r.callback());
  CHECK(r.wait(5, 5s) == im::push_failed);
  CHECK(seconds_since(t1) >= 2.1);
  {
    std::lock_guard lock(recv_b.mutex);
    REQUIRE(recv_b.held.size() == 1);
    recv_b.held[0](im::push_ok);
  }
  std::this_thread::sleep_for(200ms);
  CHECK(r.count() == 5);

  // S7 reaches the other node, not the sender.
  bus_a->close_sessions(user, std::string("tok-1"));
  const auto deadline = std::chrono::steady_clock::now() + 3s;
  while (std::chrono::steady_clock::now() < deadline) {
    std::lock_guard lock(recv_b.mutex);
    if (!recv_b.closed.empty()) break;
  }
  {
    std::lock_guard lock(recv_b.mutex);
    REQUIRE(recv_b.closed.size() == 1);
    CHECK(recv_b.closed[0].first == user);
    CHECK(recv_b.closed[0].second == std::optional<std::string>("tok-1"));
  }
  CHECK(recv_a.closed.empty());

  // Gone from B: 204 again.
  bus_b->left(user);
  REQUIRE(wait_presence(raw, user, bus_b->node_id(), false));
  bus_a->forward(user, "on-message", std::make_shared<const std::string>("x"), r.callback());
  CHECK(r.wait(6) == im::push_offline);

  bus_a->attach(nullptr);
  bus_b->attach(nullptr);
}

TEST_CASE("bus carries extension events to the nodes that hold the user", "[redis][bus]") {
  auto c = config();
  Raw raw(c);
  auto bus_a = im::host::make_redis_bus(c, 200ms);
  auto bus_b = im::host::make_redis_bus(c, 200ms);
  auto bus_c = im::host::make_redis_bus(c, 200ms);
  FakeReceiver recv_a, recv_b, recv_c;
  bus_a->attach(&recv_a);
  bus_b->attach(&recv_b);
  bus_c->attach(&recv_c);

  const im::UserId user = unique_user(), other = unique_user();
  bus_b->joined(user);
  bus_c->joined(other);
  REQUIRE(wait_presence(raw, user, bus_b->node_id()));
  REQUIRE(wait_presence(raw, other, bus_c->node_id()));
  auto wait_signals = [](FakeReceiver& recv, std::size_t n) {
    const auto deadline = std::chrono::steady_clock::now() + 3s;
    while (recv.signal_count() < n && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(5ms);
    return recv.signal_count();
  };

  // Nobody holds the first user: nothing is published. The holder gets its event intact.
  const std::string payload("\x0a\x02hi\n\x00", 6);
  bus_a->signal(unique_user(), im::Feature::presence, "on-presence",
                std::make_shared<const std::string>("ignored"));
  bus_a->signal(user, im::Feature::typing, "on-typing",
                std::make_shared<const std::string>(payload));
  bus_a->signal(other, im::Feature::edit, "on-edit", std::make_shared<const std::string>("e"));
  REQUIRE(wait_signals(recv_b, 1) == 1);
  CHECK(std::get<0>(recv_b.signals[0]) == user);
  CHECK(std::get<1>(recv_b.signals[0]) == im::Feature::typing);
  CHECK(std::get<2>(recv_b.signals[0]) == "on-typing");
  CHECK(std::get<3>(recv_b.signals[0]) == payload);
  // The events leave in order: once the last one arrived, the earlier ones had their turn.
  REQUIRE(wait_signals(recv_c, 1) == 1);
  CHECK(std::get<1>(recv_c.signals[0]) == im::Feature::edit);
  CHECK(recv_b.signal_count() == 1);
  CHECK(recv_a.signal_count() == 0);  // never back to the sender

  for (auto* bus : {&bus_a, &bus_b, &bus_c}) (*bus)->attach(nullptr);
}

TEST_CASE("a command while Redis is down or hung fails within the timeout", "[redis][restart]") {
  auto restartable = Restartable::find();
  if (!restartable) {
    WARN("IM_TEST_SERVICES_DIR/IM_TEST_SERVICES_SCRIPT not set; restart not exercised");
    return;
  }
  auto c = config();
  auto cache = im::host::make_redis_cache(c);
  const std::string key = "down::" + unique("");
  REQUIRE(cache->set(key, "x", 60s).ok());

  // Hung: the server accepts nothing (SIGSTOP). The call gives up after the command timeout and
  // the connection is replaced.
  const std::string pid = restartable->pid();
  REQUIRE(std::system(("kill -STOP " + pid).c_str()) == 0);
  auto t0 = std::chrono::steady_clock::now();
  CHECK(cache->get(key).error().code == im::StoreErrc::unavailable);
  const double hung = seconds_since(t0);
  REQUIRE(std::system(("kill -CONT " + pid).c_str()) == 0);
  CHECK(hung >= 1.5);
  CHECK(hung < 3.0);
  CHECK(cache->get(key).value() == std::optional<std::string>("x"));

  // Down: refused at once.
  REQUIRE(std::system(restartable->stop.c_str()) == 0);
  t0 = std::chrono::steady_clock::now();
  CHECK(cache->get(key).error().code == im::StoreErrc::unavailable);
  CHECK(cache->set(key, "y", 60s).error().code == im::StoreErrc::unavailable);
  CHECK(seconds_since(t0) < 2.5);
  REQUIRE(std::system(restartable->start.c_str()) == 0);
  CHECK(cache->set(key, "z", 60s).ok());
  CHECK(cache->get(key).value() == std::optional<std::string>("z"));
}

TEST_CASE("bus resubscribes after a Redis restart", "[redis][bus][restart]") {
  auto restartable = Restartable::find();
  if (!restartable) {
    WARN("IM_TEST_SERVICES_DIR/IM_TEST_SERVICES_SCRIPT not set; restart not exercised");
    return;
  }
  auto c = config();
  auto bus_a = im::host::make_redis_bus(c, 200ms);
  auto bus_b = im::host::make_redis_bus(c, 200ms);
  FakeReceiver recv_a, recv_b;
  bus_a->attach(&recv_a);
  bus_b->attach(&recv_b);
  const im::UserId user = unique_user();
  {
    Raw raw(c);
    bus_b->joined(user);
    REQUIRE(wait_presence(raw, user, bus_b->node_id()));
  }
  Results r;
  bus_a->forward(user, "on-message", std::make_shared<const std::string>("a"), r.callback());
  REQUIRE(r.wait(1) == im::push_ok);

  REQUIRE(std::system(restartable->stop.c_str()) == 0);
  // Redis down: the push is recorded as failed, quickly.
  bus_a->forward(user, "on-message", std::make_shared<const std::string>("b"), r.callback());
  CHECK(r.wait(2, 3s) == im::push_failed);
  REQUIRE(std::system(restartable->start.c_str()) == 0);

  // The data is gone: B writes its presence again as soon as it is subscribed again (not only
  // at its 15 s refresh), and both subscribers come back by themselves.
  {
    Raw raw(c);
    CHECK(wait_presence(raw, user, bus_b->node_id(), true, 10s));
  }
  int status = 0;
  std::size_t n = 2;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (status != im::push_ok && std::chrono::steady_clock::now() < deadline) {
    bus_a->forward(user, "on-message", std::make_shared<const std::string>("c"), r.callback());
    status = r.wait(++n, 5s);
    if (status != im::push_ok) std::this_thread::sleep_for(100ms);
  }
  CHECK(status == im::push_ok);
  bus_a->attach(nullptr);
  bus_b->attach(nullptr);
}

namespace {

// A session that only describes itself and records its close (the admin API's view).
struct DescribedSession : im::Session {
  im::UserContext ctx;
  std::string id;
  std::atomic<bool> closed{false};
  DescribedSession(im::UserId user, std::string session_id) : id(std::move(session_id)) {
    ctx.id = user;
  }
  const im::UserContext& user() const override { return ctx; }
  void send(std::string_view, im::SharedBytes, AckCallback) override {}
  void close() override { closed = true; }
  im::SessionDescription describe() const override {
    return {id, "", "websocket", "198.51.100.4", 1'700'000'000'123};
  }
};

}  // namespace

TEST_CASE("the admin API sees and closes sessions held by another node", "[redis][bus]") {
  auto c = config();
  im::Hub hub_a(200ms);
  im::Hub hub_b(200ms);
  hub_a.set_bus(im::host::make_redis_bus(c, 200ms));
  hub_b.set_bus(im::host::make_redis_bus(c, 200ms));
  const im::UserId user = unique_user();
  auto held = std::make_shared<DescribedSession>(user, "17");
  hub_b.add(held);

  // Written asynchronously beside the presence entry: wait for it.
  std::optional<std::vector<im::SessionDescription>> seen;
  const auto deadline = std::chrono::steady_clock::now() + 3s;
  do {
    seen = hub_a.describe_remote_sessions(user, 2s);
    REQUIRE(seen);
  } while (seen->empty() && std::chrono::steady_clock::now() < deadline);
  REQUIRE(seen->size() == 1);
  CHECK((*seen)[0].node == hub_b.node_id());
  CHECK((*seen)[0].id == "17");
  CHECK((*seen)[0].transport == "websocket");
  CHECK((*seen)[0].address == "198.51.100.4");
  CHECK((*seen)[0].connected_at_ms == 1'700'000'000'123);
  // A node does not list its own sessions as remote ones.
  CHECK(hub_b.describe_remote_sessions(user, 2s)->empty());

  // B's figures for A's summary (written when its sessions change).
  std::optional<im::NodeLoad> load_b;
  const auto loading = std::chrono::steady_clock::now() + 3s;
  while (!load_b && std::chrono::steady_clock::now() < loading) {
    auto loads = hub_a.remote_loads(2s);
    REQUIRE(loads);
    for (const auto& l : *loads)
      if (l.node == hub_b.node_id() && l.sessions == 1) load_b = l;
  }
  REQUIRE(load_b);
  CHECK(load_b->online_users == 1);
  const auto seen_by_b = hub_b.remote_loads(2s);
  REQUIRE(seen_by_b);
  for (const auto& l : *seen_by_b) CHECK(l.node != hub_b.node_id());

  CHECK(hub_a.close_session(user, hub_b.node_id(), "17"));
  const auto closing = std::chrono::steady_clock::now() + 3s;
  while (!held->closed && std::chrono::steady_clock::now() < closing)
    std::this_thread::sleep_for(10ms);
  CHECK(held->closed);

  // Gone from B: no description left.
  hub_b.remove(*held);
  const auto removing = std::chrono::steady_clock::now() + 3s;
  do {
    seen = hub_a.describe_remote_sessions(user, 2s);
    REQUIRE(seen);
  } while (!seen->empty() && std::chrono::steady_clock::now() < removing);
  CHECK(seen->empty());
  hub_a.set_bus(nullptr);
  hub_b.set_bus(nullptr);
}
