#include <catch2/catch.hpp>

#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "im/send_limiter.hpp"

namespace {

using im::SendLimiter;

// Time moved by hand, in microseconds.
struct ManualTime {
  std::shared_ptr<std::int64_t> now = std::make_shared<std::int64_t>(1'000'000'000);
  SendLimiter::NowMicros fn() const {
    return [now = now] { return *now; };
  }
  void advance_ms(std::int64_t ms) const { *now += ms * 1000; }
};

// The buckets every node sees, as the Redis script keeps them; replies are held until release().
struct SharedBuckets : im::SharedSendBuckets {
  ManualTime time;
  std::map<im::UserId, std::int64_t> tat;
  std::vector<std::function<void()>> held;

  explicit SharedBuckets(ManualTime t) : time(std::move(t)) {}
  void charge(std::vector<Charge> charges, std::int64_t interval, std::int64_t cap,
              Done done) override {
    std::vector<std::int64_t> ahead;
    const std::int64_t now = *time.now;
    for (const Charge& c : charges) {
      auto& t = tat[c.user];
      t = std::min(std::max(t, now) + c.sent * interval, now + cap);
      ahead.push_back(t - now);
    }
    held.emplace_back([done = std::move(done), ahead] { done(ahead); });
  }
  void release() {
    auto batch = std::move(held);
    held.clear();
    for (auto& reply : batch) reply();
  }
};

int taken(SendLimiter& limiter, im::UserId user, int attempts) {
  int n = 0;
  for (int i = 0; i < attempts; ++i) n += limiter.try_take(user) ? 1 : 0;
  return n;
}

}  // namespace

TEST_CASE("a user may send a burst, then the sustained rate", "[send_limiter]") {
  ManualTime time;
  SendLimiter limiter({10, 5}, nullptr, std::chrono::milliseconds{250}, time.fn());
  REQUIRE(limiter.enabled());
  CHECK(taken(limiter, 7, 20) == 5);  // the burst, nothing more at the same instant
  time.advance_ms(100);               // one message per 100 ms
  CHECK(taken(limiter, 7, 20) == 1);
  time.advance_ms(1000);
  CHECK(taken(limiter, 7, 20) == 5);  // refilled up to the burst, not beyond
}

TEST_CASE("users have buckets of their own", "[send_limiter]") {
  ManualTime time;
  SendLimiter limiter({1, 2}, nullptr, std::chrono::milliseconds{250}, time.fn());
  CHECK(taken(limiter, 1, 10) == 2);
  CHECK(taken(limiter, 2, 10) == 2);
  CHECK_FALSE(limiter.try_take(1));
}

TEST_CASE("a rate of 0 turns the limit off", "[send_limiter]") {
  SendLimiter limiter({0, 0});
  CHECK_FALSE(limiter.enabled());
  CHECK(taken(limiter, 1, 10000) == 10000);
}

TEST_CASE("idle buckets are swept as users come and go, without losing active ones",
          "[send_limiter]") {
  ManualTime time;
  SendLimiter limiter({1, 1}, nullptr, std::chrono::milliseconds{250}, time.fn());
  REQUIRE(limiter.try_take(42));
  for (im::UserId u = 1000; u < 200000; ++u) limiter.try_take(u);  // many sweeps
  CHECK_FALSE(limiter.try_take(42));  // still empty: not swept while it had no tokens
  time.advance_ms(1000);
  CHECK(limiter.try_take(42));
}

TEST_CASE("across nodes, what one node took is charged to the other", "[send_limiter]") {
  ManualTime time;
  auto shared = std::make_shared<SharedBuckets>(time);
  SendLimiter a({10, 10}, shared, std::chrono::milliseconds{250}, time.fn());
  SendLimiter b({10, 10}, shared, std::chrono::milliseconds{250}, time.fn());
  // Node A takes 8 of the burst of 10 and reports them (the first one at once, the rest later).
  CHECK(taken(a, 5, 8) == 8);
  shared->release();
  a.report();
  shared->release();
  // The user's first message on node B is taken (B has not heard of A yet) and reported; the
  // reply tells B that the shared bucket is 9 messages ahead.
  REQUIRE(b.try_take(5));
  shared->release();
  CHECK(taken(b, 5, 5) == 1);  // one left of the burst of 10, over both nodes
  time.advance_ms(100);
  CHECK(taken(b, 5, 5) == 1);  // the rate refills
}

TEST_CASE("refused messages report too", "[send_limiter]") {
  ManualTime time;
  auto shared = std::make_shared<SharedBuckets>(time);
  SendLimiter a({1, 2}, shared, std::chrono::milliseconds{250}, time.fn());
  CHECK(taken(a, 5, 2) == 2);  // the first one reported at once, the second not yet
  shared->release();
  time.advance_ms(300);
  CHECK_FALSE(a.try_take(5));  // refused, and past the report interval: the second goes out
  REQUIRE(shared->held.size() == 1);
  shared->release();
  CHECK(shared->tat[5] == *time.now - 300'000 + 2'000'000);
}

TEST_CASE("with the shared buckets unreachable, each node limits alone", "[send_limiter]") {
  struct Down : im::SharedSendBuckets {
    void charge(std::vector<Charge>, std::int64_t, std::int64_t, Done done) override { done({}); }
  };
  ManualTime time;
  SendLimiter limiter({10, 3}, std::make_shared<Down>(), std::chrono::milliseconds{0}, time.fn());
  CHECK(taken(limiter, 9, 10) == 3);
}
