// Calls from several worker threads at once (the storage ports are blocking and thread-safe).
#include <algorithm>
#include <set>
#include <thread>

#include "backends.hpp"
#include "fixtures.hpp"

using namespace im_test;

TEMPLATE_TEST_CASE("concurrent appends get distinct increasing ids, none lost",
                   "[storage][concurrency]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  constexpr int kThreads = 4;
  constexpr int kPerThread = 250;

  std::vector<std::vector<im::MessageId>> ids(kThreads);
  std::vector<int> failures(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        im::Message m;
        m.msg_id = "t" + std::to_string(t) + "-" + std::to_string(i);
        m.type = "text";
        m.sender = a.id;
        m.receiver = b.id;
        m.content = "x";
        m.timer = t * 1000 + i;
        const im::Message one[] = {m};
        auto r = store->messages->append_messages(one, kNow);
        if (r.ok() && r->size() == 1)
          ids[t].push_back(r->front());
        else
          ++failures[t];
      }
    });
  }
  for (auto& th : threads) th.join();

  std::set<im::MessageId> all;
  for (int t = 0; t < kThreads; ++t) {
    CHECK(failures[t] == 0);
    CHECK(ids[t].size() == kPerThread);
    // Strictly increasing within each thread: no adjacent pair with x >= y.
    CHECK(std::adjacent_find(ids[t].begin(), ids[t].end(), std::greater_equal<>()) == ids[t].end());
    all.insert(ids[t].begin(), ids[t].end());
  }
  CHECK(all.size() == kThreads * kPerThread);
  auto page = store->messages->pending_messages(b.id, 0, 2000);
  REQUIRE(page.ok());
  CHECK(page->count == kThreads * kPerThread);
  CHECK(page->items.size() == kThreads * kPerThread);
}

TEMPLATE_TEST_CASE("concurrent delivery results for one receiver are not lost",
                   "[storage][concurrency]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  const im::UserId r = 10000;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 100;
  std::vector<std::thread> threads;
  std::vector<int> failures(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 1; i <= kPerThread; ++i) {
        // Successes everywhere, one failure in the middle of thread 2's range.
        im::MessageId id = static_cast<im::MessageId>(i) * kThreads + t;
        bool ok = !(t == 2 && i == 50);
        if (!store->messages->record_delivery(r, id, ok, kNow).ok()) ++failures[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int f : failures) CHECK(f == 0);
  // Serialised updates: the failed id 202 is the smallest unconfirmed one, and lastAck never
  // ends at or above it.
  auto ack = store->messages->message_ack(r);
  REQUIRE(ack.ok());
  REQUIRE(ack->has_value());
  CHECK((*ack)->last_ack_err == 202);
  CHECK((*ack)->last_ack.value_or(0) < 202);
}
