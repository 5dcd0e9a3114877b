#include <catch2/catch.hpp>

#include "im/cache.hpp"

using namespace std::chrono_literals;

TEST_CASE("token store keeps several tokens per user under one TTL", "[tokens]") {
  auto store = im::make_memory_token_store();
  store->add("10000", "t1", "jwt1", 43200s);
  store->add("10000", "t2", "jwt2", 43200s);
  CHECK(store->get("10000", "t1") == "jwt1");
  CHECK(store->get("10000", "t2") == "jwt2");
  CHECK_FALSE(store->get("10001", "t1").has_value());
  auto ttl = store->ttl("10000");
  REQUIRE(ttl.has_value());
  CHECK(*ttl > 43190);
  CHECK(*ttl <= 43200);

  CHECK(store->remove("10000", "t1"));
  CHECK_FALSE(store->remove("10000", "t1"));
  CHECK_FALSE(store->get("10000", "t1").has_value());
  CHECK(store->get("10000", "t2") == "jwt2");

  store->remove_all("10000");
  CHECK_FALSE(store->get("10000", "t2").has_value());
  CHECK_FALSE(store->ttl("10000").has_value());
}

TEST_CASE("an expired token hash is gone", "[tokens]") {
  auto store = im::make_memory_token_store();
  store->add("7", "t", "jwt", 0s);
  CHECK_FALSE(store->get("7", "t").has_value());
}

TEST_CASE("cache values expire and counters count", "[cache]") {
  auto cache = im::make_memory_cache();
  cache->set("/api/v1/users/1", "{}", 60s);
  CHECK(cache->get("/api/v1/users/1") == "{}");
  cache->del("/api/v1/users/1");
  CHECK_FALSE(cache->get("/api/v1/users/1").has_value());

  CHECK(cache->increment("login_fail::1", 900s) == 1);
  CHECK(cache->increment("login_fail::1", 900s) == 2);
  CHECK(cache->ttl("login_fail::1").value() > 890);
  cache->set("gone", "x", 0s);
  CHECK_FALSE(cache->get("gone").has_value());
}

TEST_CASE("event logs slide with time and keep only the newest", "[cache][s9]") {
  auto cache = im::make_memory_cache();
  const std::chrono::milliseconds window{10'000};
  CHECK(cache->recent_events("log", 1'000, window).empty());
  CHECK(cache->record_event("log", 1'000, window, 3) == std::vector<std::int64_t>{1'000});
  CHECK(cache->record_event("log", 5'000, window, 3) == std::vector<std::int64_t>{1'000, 5'000});
  CHECK(cache->record_event("log", 6'000, window, 3) ==
        std::vector<std::int64_t>{1'000, 5'000, 6'000});
  // The fourth pushes out the oldest (keep = 3).
  CHECK(cache->record_event("log", 7'000, window, 3) ==
        std::vector<std::int64_t>{5'000, 6'000, 7'000});
  // 15 s: the event at 5 s is exactly one window old and no longer counts.
  CHECK(cache->recent_events("log", 15'000, window) == std::vector<std::int64_t>{6'000, 7'000});
  CHECK(cache->recent_events("log", 17'000, window).empty());
  cache->del("log");
  CHECK(cache->recent_events("log", 7'000, window).empty());
}
