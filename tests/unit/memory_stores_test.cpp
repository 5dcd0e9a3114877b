#include <catch2/catch.hpp>

#include "im/cache.hpp"

using namespace std::chrono_literals;

TEST_CASE("token store keeps several tokens per user under one TTL", "[tokens]") {
  auto store = im::make_memory_token_store();
  REQUIRE(store->add("10000", "t1", "jwt1", 43200s).ok());
  REQUIRE(store->add("10000", "t2", "jwt2", 43200s).ok());
  CHECK(store->get("10000", "t1").value() == "jwt1");
  CHECK(store->get("10000", "t2").value() == "jwt2");
  CHECK_FALSE(store->get("10001", "t1").value().has_value());
  auto ttl = store->ttl("10000").value();
  REQUIRE(ttl.has_value());
  CHECK(*ttl > 43190);
  CHECK(*ttl <= 43200);

  CHECK(store->remove("10000", "t1").value());
  CHECK_FALSE(store->remove("10000", "t1").value());
  CHECK_FALSE(store->get("10000", "t1").value().has_value());
  CHECK(store->get("10000", "t2").value() == "jwt2");

  REQUIRE(store->remove_all("10000").ok());
  CHECK_FALSE(store->get("10000", "t2").value().has_value());
  CHECK_FALSE(store->ttl("10000").value().has_value());
}

TEST_CASE("an expired token hash is gone", "[tokens]") {
  auto store = im::make_memory_token_store();
  REQUIRE(store->add("7", "t", "jwt", 0s).ok());
  CHECK_FALSE(store->get("7", "t").value().has_value());
}

TEST_CASE("cache values expire and counters count", "[cache]") {
  auto cache = im::make_memory_cache();
  REQUIRE(cache->set("/api/v1/users/1", "{}", 60s).ok());
  CHECK(cache->get("/api/v1/users/1").value() == "{}");
  REQUIRE(cache->del("/api/v1/users/1").ok());
  CHECK_FALSE(cache->get("/api/v1/users/1").value().has_value());

  CHECK(cache->increment("login_fail::1", 900s).value() == 1);
  CHECK(cache->increment("login_fail::1", 900s).value() == 2);
  CHECK(cache->ttl("login_fail::1").value().value() > 890);
  REQUIRE(cache->set("gone", "x", 0s).ok());
  CHECK_FALSE(cache->get("gone").value().has_value());
  // Like Redis' INCR of a value that is not a number: an error, not an exception.
  REQUIRE(cache->set("text", "abc", 60s).ok());
  CHECK(cache->increment("text", 60s).error().code == im::StoreErrc::other);
}

TEST_CASE("event logs slide with time and keep only the newest", "[cache][s9]") {
  auto cache = im::make_memory_cache();
  const std::chrono::milliseconds window{10'000};
  CHECK(cache->recent_events("log", 1'000, window).value().empty());
  CHECK(cache->record_event("log", 1'000, window, 3).value() == std::vector<std::int64_t>{1'000});
  CHECK(cache->record_event("log", 5'000, window, 3).value() ==
        std::vector<std::int64_t>{1'000, 5'000});
  CHECK(cache->record_event("log", 6'000, window, 3).value() ==
        std::vector<std::int64_t>{1'000, 5'000, 6'000});
  // The fourth pushes out the oldest (keep = 3).
  CHECK(cache->record_event("log", 7'000, window, 3).value() ==
        std::vector<std::int64_t>{5'000, 6'000, 7'000});
  // 15 s: the event at 5 s is exactly one window old and no longer counts.
  CHECK(cache->recent_events("log", 15'000, window).value() ==
        std::vector<std::int64_t>{6'000, 7'000});
  CHECK(cache->recent_events("log", 17'000, window).value().empty());
  REQUIRE(cache->del("log").ok());
  CHECK(cache->recent_events("log", 7'000, window).value().empty());
}
