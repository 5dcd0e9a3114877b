// TokenStore and Cache over a real Redis (data-model.md 4, 5): key layout, TTL semantics,
// AUTH/SELECT, and reconnect after a Redis restart.
#include <catch2/catch.hpp>

#include <hiredis/hiredis.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

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
  tokens->add(user, "tok-a", "jwt-a", 43200s);
  tokens->add(user, "tok-b", "jwt-b", 43200s);

  CHECK(raw.cmd("TYPE user_auth_test::" + user) == "hash");
  CHECK(raw.cmd("HGET user_auth_test::" + user + " tok-a") == "jwt-a");
  CHECK(raw.cmd("HLEN user_auth_test::" + user) == "2");
  CHECK(tokens->get(user, "tok-b") == std::optional<std::string>("jwt-b"));
  CHECK_FALSE(tokens->get(user, "tok-x").has_value());
  CHECK_FALSE(tokens->get(unique("nobody"), "tok-a").has_value());

  auto ttl = tokens->ttl(user);
  REQUIRE(ttl.has_value());
  CHECK(*ttl > 43190);
  CHECK(*ttl <= 43200);

  CHECK(tokens->remove(user, "tok-a"));
  CHECK_FALSE(tokens->remove(user, "tok-a"));
  CHECK_FALSE(tokens->get(user, "tok-a").has_value());
  CHECK(tokens->get(user, "tok-b").has_value());

  tokens->remove_all(user);
  CHECK_FALSE(tokens->get(user, "tok-b").has_value());
  CHECK_FALSE(tokens->ttl(user).has_value());
}

TEST_CASE("token TTL slides with touch and expires the whole hash", "[redis]") {
  auto c = config();
  auto tokens = im::host::make_redis_token_store(c, "user_auth_test");
  const std::string user = unique("2");
  tokens->add(user, "t1", "j1", 100s);
  CHECK(tokens->ttl(user).value_or(0) > 90);
  tokens->touch(user, 1000s);
  CHECK(tokens->ttl(user).value_or(0) > 990);
  // A new login resets the TTL of every token of the user.
  tokens->add(user, "t2", "j2", 2s);
  CHECK(tokens->ttl(user).value_or(0) <= 2);
  std::this_thread::sleep_for(2100ms);
  CHECK_FALSE(tokens->get(user, "t1").has_value());
  CHECK_FALSE(tokens->get(user, "t2").has_value());
  CHECK_FALSE(tokens->ttl(user).has_value());
  // touch on a missing hash does not create it.
  tokens->touch(user, 100s);
  CHECK_FALSE(tokens->ttl(user).has_value());
}

TEST_CASE("cache get/set/del with expiry", "[redis]") {
  auto c = config();
  auto cache = im::host::make_redis_cache(c);
  const std::string key = "/api/v1/users/" + unique("");
  CHECK_FALSE(cache->get(key).has_value());
  CHECK_FALSE(cache->ttl(key).has_value());
  const std::string body = R"({"statusCode":200,"data":{"account":"😀 ünïcode"}})";
  cache->set(key, body, 60s);
  CHECK(cache->get(key) == std::optional<std::string>(body));
  auto ttl = cache->ttl(key);
  REQUIRE(ttl.has_value());
  CHECK(*ttl > 55);
  CHECK(*ttl <= 60);
  cache->del(key);
  CHECK_FALSE(cache->get(key).has_value());
  cache->del(key);  // deleting a missing key is fine

  cache->set(key, "short", 1s);
  std::this_thread::sleep_for(1100ms);
  CHECK_FALSE(cache->get(key).has_value());

  // Binary-safe values.
  const std::string binary("a\0b\r\nc", 6);
  cache->set(key, binary, 60s);
  CHECK(cache->get(key) == std::optional<std::string>(binary));
}

TEST_CASE("counters expire from their creation, not from each increment", "[redis]") {
  auto c = config();
  auto cache = im::host::make_redis_cache(c);
  const std::string key = "login_fail::" + unique("");
  CHECK(cache->increment(key, 900s) == 1);
  CHECK(cache->ttl(key).value_or(0) > 895);
  CHECK(cache->increment(key, 5s) == 2);
  CHECK(cache->ttl(key).value_or(0) > 895);  // the window is not extended
  CHECK(cache->increment(key, 900s) == 3);
  CHECK(cache->get(key) == std::optional<std::string>("3"));

  const std::string short_key = "login_fail_ip::" + unique("");
  CHECK(cache->increment(short_key, 1s) == 1);
  std::this_thread::sleep_for(1100ms);
  CHECK(cache->increment(short_key, 1s) == 1);  // a new window
}

TEST_CASE("concurrent use from worker threads", "[redis]") {
  auto c = config();
  auto cache = im::host::make_redis_cache(c);
  const std::string key = "counter::" + unique("");
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) cache->increment(key, 60s);
    });
  }
  for (auto& th : threads) th.join();
  CHECK(cache->get(key) == std::optional<std::string>("800"));
}

TEST_CASE("SELECT uses the configured database", "[redis]") {
  auto c = config();
  auto cache = im::host::make_redis_cache(c);
  const std::string key = "dbcheck::" + unique("");
  cache->set(key, "x", 60s);
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
  cache->set(key, "ok", 60s);
  CHECK(cache->get(key) == std::optional<std::string>("ok"));

  auto bad = good;
  bad.password = "wrong";
  auto refused = im::host::make_redis_cache(bad);
  CHECK_THROWS_AS(refused->get(key), im::host::RedisUnavailable);
}

TEST_CASE("an unreachable Redis raises RedisUnavailable", "[redis]") {
  auto c = config();
  c.port = 1;  // nothing listens there
  auto tokens = im::host::make_redis_token_store(c, "user_auth_test");
  CHECK_THROWS_AS(tokens->get("1", "t"), im::host::RedisUnavailable);
  CHECK_THROWS_AS(tokens->add("1", "t", "j", 10s), im::host::RedisUnavailable);
}

TEST_CASE("connections are replaced after the server drops them", "[redis]") {
  auto c = config();
  auto cache = im::host::make_redis_cache(c);
  const std::string key = "reconnect::" + unique("");
  cache->set(key, "before", 60s);
  // Kill every client connection of the test database, as a Redis restart would.
  Raw raw(c);
  raw.cmd("CLIENT KILL TYPE normal SKIPME yes");
  CHECK(cache->get(key) == std::optional<std::string>("before"));
  cache->set(key, "after", 60s);
  CHECK(cache->get(key) == std::optional<std::string>("after"));
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
  tokens->add(user, "t", "j", 600s);
  const std::string stop = std::string(script) + " stop-redis " + dir + " 2>/dev/null";
  const std::string start = std::string(script) + " start-redis " + dir + " 2>/dev/null";
  REQUIRE(std::system(stop.c_str()) == 0);
  CHECK_THROWS_AS(tokens->get(user, "t"), im::host::RedisUnavailable);
  REQUIRE(std::system(start.c_str()) == 0);
  // No persistence in the test server: the data is gone, but the adapter works again.
  CHECK_NOTHROW(tokens->add(user, "t2", "j2", 600s));
  CHECK(tokens->get(user, "t2") == std::optional<std::string>("j2"));
}
