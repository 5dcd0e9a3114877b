// Delivery bookkeeping: the update rule, crash recovery and E5 (docs/contract/realtime.md 8; B5,
// B6, J22).
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "backends.hpp"
#include "fixtures.hpp"
#include "im/clock.hpp"
#include "im/message_writer.hpp"

using namespace im_test;

namespace {

void check_ack(im::Storage& store, im::UserId user, std::optional<im::MessageId> last_ack,
               std::optional<im::MessageId> last_ack_err) {
  auto ack = store.messages->message_ack(user);
  REQUIRE(ack.ok());
  REQUIRE(ack->has_value());
  CHECK((*ack)->receiver == user);
  CHECK((*ack)->last_ack == last_ack);
  CHECK((*ack)->last_ack_err == last_ack_err);
}

}  // namespace

TEMPLATE_TEST_CASE("the worked example of docs/contract/realtime.md 8.4", "[storage][deliveries]",
                   IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  make_friends(*store, b.id, a.id);
  auto none = store->messages->message_ack(b.id);
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());

  // 1. Message 5 while b is offline: the push result 204 is a failure (J22).
  auto m5 = send(*store, chat(a.id, b.id, 1000));
  auto r1 = store->messages->record_delivery(b.id, m5, false, kNow);
  REQUIRE(r1.ok());
  CHECK(r1->receiver == b.id);
  CHECK(r1->last_ack == 0);
  CHECK(r1->last_ack_err == m5);
  check_ack(*store, b.id, 0, m5);

  // 2. Message 6 delivered: lastAckErr is set and 6 > 5, so lastAck stays.
  auto m6 = send(*store, chat(a.id, b.id, 2000));
  auto r2 = store->messages->record_delivery(b.id, m6, true, kNow);
  REQUIRE(r2.ok());
  CHECK(r2->last_ack == 0);
  CHECK(r2->last_ack_err == m5);
  check_ack(*store, b.id, 0, m5);

  // 3. The pull returns both, newest timer first.
  auto page = store->messages->pending_messages(b.id, 0, 100);
  REQUIRE(page.ok());
  CHECK(page->count == 2);
  CHECK(ids_of(*page) == std::vector<im::MessageId>{m6, m5});

  // 4. received {id: 6}: (6, NULL), and the next pull is empty.
  REQUIRE(store->messages->mark_received(b.id, m6, kNow).ok());
  check_ack(*store, b.id, m6, std::nullopt);
  auto empty = store->messages->pending_messages(b.id, 0, 100);
  CHECK(empty->count == 0);
  CHECK(empty->items.empty());

  // 5. Message 7 delivered while online: (7, NULL).
  auto m7 = send(*store, chat(a.id, b.id, 3000));
  auto r5 = store->messages->record_delivery(b.id, m7, true, kNow);
  REQUIRE(r5.ok());
  CHECK(r5->last_ack == m7);
  CHECK_FALSE(r5->last_ack_err.has_value());
  check_ack(*store, b.id, m7, std::nullopt);
  CHECK(store->messages->pending_messages(b.id, 0, 100)->count == 0);
}

TEMPLATE_TEST_CASE("the update rule of docs/contract/realtime.md 8.2, case by case",
                   "[storage][deliveries]", IM_STORAGE_BACKENDS) {
  // The rule works on ids alone, so these cases use ids without message rows, including ids
  // beyond 32 bits (B5).
  auto store = TestType::make();
  const im::UserId r = 10000;
  const im::MessageId big = 5'000'000'000;

  SECTION("no row before the first delivery") {
    auto none = store->messages->message_ack(r);
    REQUIRE(none.ok());
    CHECK_FALSE(none->has_value());
  }
  SECTION("success without lastAckErr moves lastAck forward only") {
    CHECK(store->messages->record_delivery(r, big, true, kNow)->last_ack == big);
    CHECK(store->messages->record_delivery(r, big - 10, true, kNow)->last_ack ==
          big);  // never backwards
    CHECK(store->messages->record_delivery(r, big + 1, true, kNow)->last_ack == big + 1);
    check_ack(*store, r, big + 1, std::nullopt);
  }
  SECTION("failure above lastAck sets lastAckErr, keeps lastAck") {
    REQUIRE(store->messages->record_delivery(r, big, true, kNow).ok());
    auto f = store->messages->record_delivery(r, big + 5, false, kNow);
    CHECK(f->last_ack == big);
    CHECK(f->last_ack_err == big + 5);
    // A later failure above lastAckErr keeps the smallest one.
    auto g = store->messages->record_delivery(r, big + 9, false, kNow);
    CHECK(g->last_ack_err == big + 5);
    // A failure below lastAckErr (and above lastAck) lowers it.
    auto h = store->messages->record_delivery(r, big + 2, false, kNow);
    CHECK(h->last_ack == big);
    CHECK(h->last_ack_err == big + 2);
  }
  SECTION("B5: a failure at or below lastAck moves lastAck to M - 1") {
    for (im::MessageId m : {big + 1, big + 2, big + 3})
      REQUIRE(store->messages->record_delivery(r, m, true, kNow).ok());
    auto f = store->messages->record_delivery(r, big + 2, false, kNow);
    REQUIRE(f.ok());
    CHECK(f->last_ack == big + 1);
    CHECK(f->last_ack_err == big + 2);
    check_ack(*store, r, big + 1, big + 2);
    // Failure exactly at lastAck.
    auto g = store->messages->record_delivery(r, big + 1, false, kNow);
    CHECK(g->last_ack == big);
    CHECK(g->last_ack_err == big + 1);
  }
  SECTION("success with lastAckErr: only below it, and lastAck may move backwards") {
    REQUIRE(store->messages->record_delivery(r, big + 10, true, kNow).ok());
    REQUIRE(store->messages->record_delivery(r, big + 20, false, kNow).ok());  // (big+10, big+20)
    auto above = store->messages->record_delivery(r, big + 30, true, kNow);
    CHECK(above->last_ack == big + 10);
    CHECK(above->last_ack_err == big + 20);
    auto equal = store->messages->record_delivery(r, big + 20, true, kNow);
    CHECK(equal->last_ack == big + 10);
    auto below = store->messages->record_delivery(r, big + 15, true, kNow);
    CHECK(below->last_ack == big + 15);
    auto backwards = store->messages->record_delivery(r, big + 3, true, kNow);
    CHECK(backwards->last_ack == big + 3);
    CHECK(backwards->last_ack_err == big + 20);
  }
  SECTION("first failure on a new row: lastAck 0 (NULL counts as 0)") {
    auto f = store->messages->record_delivery(r, 1, false, kNow);
    REQUIRE(f.ok());
    CHECK(f->last_ack == 0);
    CHECK(f->last_ack_err == 1);
    check_ack(*store, r, 0, 1);
  }
}

TEMPLATE_TEST_CASE("record_delivery consumes the pending record", "[storage][deliveries]",
                   IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  auto c = add_user(*store, "13800000003");
  auto g = add_group(*store, a.id, {a.id, b.id, c.id});

  auto m1 = send(*store, chat(a.id, b.id, 1));
  auto m2 = send(*store, group_chat(a.id, g.id, 2));
  REQUIRE(store->messages->record_delivery(b.id, m1, true, kNow).ok());
  REQUIRE(store->messages->record_delivery(b.id, m2, false, kNow).ok());
  // Only c's delivery of m2 is still open; the sender a got no pending record.
  auto recovered = store->messages->recover_pending_deliveries(kNow, kNow);
  REQUIRE(recovered.ok());
  CHECK(recovered.value() == 1);
  CHECK_FALSE(store->messages->message_ack(a.id)->has_value());
  check_ack(*store, c.id, 0, m2);
  check_ack(*store, b.id, m1, m2);
}

TEMPLATE_TEST_CASE("recover_pending_deliveries after a crash", "[storage][deliveries]",
                   IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  auto c = add_user(*store, "13800000003");
  auto d = add_user(*store, "13800000004");
  auto g = add_group(*store, a.id, {a.id, b.id, c.id});

  // m5 to b is in flight when m6 is confirmed; then the process dies before m5's outcome.
  auto m5 = send(*store, chat(a.id, b.id, 5));
  auto m6 = send(*store, chat(a.id, b.id, 6));
  REQUIRE(store->messages->record_delivery(b.id, m6, true, kNow).ok());
  check_ack(*store, b.id, m6, std::nullopt);  // the live rule let lastAck pass m5
  // A group message: b and c pending, never the sender a.
  auto mg = send(*store, group_chat(a.id, g.id, 7));
  // d already confirmed more than the orphan; recovery must pull its lastAck back.
  auto md = send(*store, chat(a.id, d.id, 8));
  REQUIRE(store->messages->record_delivery(d.id, md + 100, true, kNow).ok());

  auto recovered = store->messages->recover_pending_deliveries(kNow + 1, kNow + 1);
  REQUIRE(recovered.ok());
  CHECK(recovered.value() == 4);  // (b, m5), (b, mg), (c, mg), (d, md)

  check_ack(*store, b.id, m5 - 1, m5);
  check_ack(*store, c.id, 0, mg);
  check_ack(*store, d.id, md - 1, md);
  CHECK_FALSE(store->messages->message_ack(a.id)->has_value());

  // Nothing is lost: b pulls m5, m6 and the group message.
  auto page = store->messages->pending_messages(b.id, 0, 100);
  REQUIRE(page.ok());
  CHECK(ids_of(*page) == std::vector<im::MessageId>{mg, m6, m5});

  // The records are gone: a second recovery does nothing.
  auto again = store->messages->recover_pending_deliveries(kNow + 2, kNow + 2);
  REQUIRE(again.ok());
  CHECK(again.value() == 0);
  check_ack(*store, b.id, m5 - 1, m5);
}

TEMPLATE_TEST_CASE("recovery leaves the records of live deliveries alone (several nodes)",
                   "[storage][deliveries]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  auto c = add_user(*store, "13800000003");
  auto g = add_group(*store, a.id, {a.id, b.id, c.id});
  // A dead node's old records, and a live node's in-flight ones queued a minute later.
  auto old_chat = send(*store, chat(a.id, b.id, 1), kNow);
  auto old_group = send(*store, group_chat(a.id, g.id, 2), kNow);
  auto live = send(*store, chat(a.id, b.id, 3), kNow + 60);

  auto recovered = store->messages->recover_pending_deliveries(kNow + 61, kNow + 1);
  REQUIRE(recovered.ok());
  CHECK(recovered.value() == 3);  // (b, old_chat), (b, old_group), (c, old_group)
  check_ack(*store, b.id, 0, old_chat);
  check_ack(*store, c.id, 0, old_group);

  // The live node confirms its delivery later; nothing is left to recover.
  REQUIRE(store->messages->record_delivery(b.id, live, true, kNow + 62).ok());
  CHECK(store->messages->recover_pending_deliveries(kNow + 200, kNow + 200).value() == 0);
}

namespace {

class ManualClock final : public im::Clock {
 public:
  std::atomic<im::Millis> now{kNow * 1000};
  im::Millis now_ms() const override { return now.load(); }
};

}  // namespace

TEMPLATE_TEST_CASE("the batching writer sweeps abandoned records into failures",
                   "[storage][deliveries][writer]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  make_friends(*store, b.id, a.id);
  ManualClock clock;
  // A record nobody resolves, as if its node died: queued now, then the clock jumps past 2 s.
  auto orphan = send(*store, chat(a.id, b.id, 1), kNow);
  clock.now = (kNow + 10) * 1000;
  {
    im::MessageWriter writer(*store->messages, clock, 16, std::chrono::seconds{2});
    // The sweep runs every second on the writer thread; wait for its effect.
    bool swept = false;
    for (int i = 0; i < 100 && !swept; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      auto ack = store->messages->message_ack(b.id);
      swept = ack.ok() && ack->has_value() && (*ack)->last_ack_err == orphan;
    }
    CHECK(swept);
  }
  check_ack(*store, b.id, 0, orphan);
  CHECK(store->messages->recover_pending_deliveries(kNow + 20, kNow + 20).value() == 0);
}

TEMPLATE_TEST_CASE("lingering outcomes are stored by flush(); a batch completes as one task",
                   "[storage][deliveries][writer]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  ManualClock clock;
  clock.now = kNow * 1000;
  std::mutex mutex;
  std::vector<std::function<void()>> tasks;  // what the writer hands to the completion executor
  im::MessageWriter::Options options;
  options.outcome_linger = std::chrono::hours{1};  // only flush() records them
  options.completions = [&](std::function<void()> task) {
    std::lock_guard lock(mutex);
    tasks.push_back(std::move(task));
  };
  im::MessageWriter writer(*store->messages, clock, options);

  std::vector<im::MessageId> ids;
  for (int i = 1; i <= 3; ++i)
    writer.append(chat(a.id, b.id, i), [&](im::StoreResult<im::MessageId> id) {
      REQUIRE(id.ok());
      ids.push_back(*id);
    });
  writer.flush();
  {
    std::lock_guard lock(mutex);
    REQUIRE(!tasks.empty());
    CHECK(tasks.size() <= 3);  // one task per committed batch, not one per message
    CHECK(ids.empty());        // nothing ran on the writer thread
    for (auto& task : tasks) task();
  }
  REQUIRE(ids.size() == 3);
  CHECK(ids[0] < ids[1]);
  CHECK(ids[1] < ids[2]);

  writer.record({b.id, ids[0], true});
  writer.record({b.id, ids[1], false});
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK_FALSE(store->messages->message_ack(b.id)->has_value());  // still lingering
  writer.flush();
  check_ack(*store, b.id, ids[0], ids[1]);
}

TEMPLATE_TEST_CASE("mark_received", "[storage][deliveries]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  auto m1 = send(*store, chat(a.id, b.id, 1));
  auto m2 = send(*store, chat(a.id, b.id, 2));
  auto m3 = send(*store, chat(a.id, b.id, 3));

  SECTION("with an id: lastAck = id, lastAckErr cleared, records up to id dropped") {
    REQUIRE(store->messages->record_delivery(b.id, m3, false, kNow).ok());  // (0, m3)
    REQUIRE(store->messages->mark_received(b.id, m2, kNow).ok());
    check_ack(*store, b.id, m2, std::nullopt);
    // m1 and m2 no longer owe anything; m3's record was consumed by record_delivery.
    auto recovered = store->messages->recover_pending_deliveries(kNow, kNow);
    REQUIRE(recovered.ok());
    CHECK(recovered.value() == 0);
    CHECK(ids_of(*store->messages->pending_messages(b.id, 0, 10)) ==
          std::vector<im::MessageId>{m3});
  }
  SECTION("records above the id stay") {
    REQUIRE(store->messages->mark_received(b.id, m1, kNow).ok());
    auto recovered = store->messages->recover_pending_deliveries(kNow, kNow);
    REQUIRE(recovered.ok());
    CHECK(recovered.value() == 2);
    check_ack(*store, b.id, m1, m2);
  }
  SECTION("the mark may move backwards") {
    REQUIRE(store->messages->mark_received(b.id, m3, kNow).ok());
    REQUIRE(store->messages->mark_received(b.id, m1, kNow).ok());
    check_ack(*store, b.id, m1, std::nullopt);
    CHECK(store->messages->pending_messages(b.id, 0, 10)->count == 2);
  }
  SECTION("without an id: lastAck kept, lastAckErr cleared (B6)") {
    REQUIRE(store->messages->record_delivery(b.id, m1, true, kNow).ok());
    REQUIRE(store->messages->record_delivery(b.id, m2, false, kNow).ok());  // (m1, m2)
    REQUIRE(store->messages->mark_received(b.id, std::nullopt, kNow).ok());
    check_ack(*store, b.id, m1, std::nullopt);
    CHECK(store->messages->pending_messages(b.id, 0, 10)->count == 2);
  }
  SECTION("without an id on a new row: lastAck NULL") {
    REQUIRE(store->messages->mark_received(b.id, std::nullopt, kNow).ok());
    check_ack(*store, b.id, std::nullopt, std::nullopt);
    CHECK(store->messages->pending_messages(b.id, 0, 10)->count == 3);
  }
}

namespace {

// Six messages from a to b and c, and their outcomes interleaved as a writer would see them
// (b: ok, fail, ok; c: ok, ok, fail); returns the resulting (lastAck, lastAckErr) of b and c.
template <class Backend>
std::vector<std::pair<std::optional<im::MessageId>, std::optional<im::MessageId>>> outcome_rows(
    bool batched) {
  auto store = Backend::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  auto c = add_user(*store, "13800000003");
  make_friends(*store, b.id, a.id);
  make_friends(*store, c.id, a.id);
  std::vector<im::MessageId> ids;
  for (int i = 0; i < 6; ++i)
    ids.push_back(send(*store, chat(a.id, i % 2 ? c.id : b.id, 1000 + i)));
  std::vector<im::DeliveryOutcome> outcomes = {{b.id, ids[0], true},  {c.id, ids[1], true},
                                               {b.id, ids[2], false}, {c.id, ids[3], true},
                                               {b.id, ids[4], true},  {c.id, ids[5], false}};
  if (batched) {
    REQUIRE(store->messages->record_deliveries(outcomes, kNow).ok());
  } else {
    for (const auto& o : outcomes)
      REQUIRE(store->messages->record_delivery(o.receiver, o.message, o.ok, kNow).ok());
  }
  // The pending records were consumed: recovery finds nothing left to fail.
  CHECK(store->messages->recover_pending_deliveries(kNow, kNow).value() == 0);
  std::vector<std::pair<std::optional<im::MessageId>, std::optional<im::MessageId>>> rows;
  for (im::UserId user : {b.id, c.id}) {
    auto ack = store->messages->message_ack(user);
    REQUIRE(ack.ok());
    REQUIRE(ack->has_value());
    rows.emplace_back((*ack)->last_ack, (*ack)->last_ack_err);
  }
  return rows;
}

}  // namespace

TEMPLATE_TEST_CASE("record_deliveries equals the same outcomes recorded one by one",
                   "[storage][deliveries]", IM_STORAGE_BACKENDS) {
  auto batched = outcome_rows<TestType>(true);
  auto single = outcome_rows<TestType>(false);
  CHECK(batched == single);
  CHECK(batched[1].second.has_value());  // c's last delivery failed
}
