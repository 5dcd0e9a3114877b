// The multi-device sync stream, recall and edit (SyncStore; docs/protocol-extensions.md
// "Multi-device sync", "Recall and edit").
#include <atomic>
#include <set>
#include <thread>

#include "backends.hpp"
#include "fixtures.hpp"

using namespace im_test;

namespace {

// Every change of `user` after `after`, read `limit` at a time.
std::vector<im::Message> read_all(im::SyncStore& sync, im::UserId user, std::int64_t after,
                                  std::int64_t limit) {
  std::vector<im::Message> out;
  for (;;) {
    auto page = sync.changes_after(user, after, limit);
    REQUIRE(page.ok());
    REQUIRE(static_cast<std::int64_t>(page->size()) <= limit);
    if (page->empty()) return out;
    for (auto& m : *page) out.push_back(m);
    after = page->back().seq;
  }
}

}  // namespace

TEMPLATE_TEST_CASE("the sync stream holds what the user sent or received, in seq order",
                   "[storage][sync]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  auto c = add_user(*store, "13800000003");
  auto g = add_group(*store, b.id, {a.id, b.id});
  auto other = add_group(*store, b.id, {b.id, c.id});

  std::vector<im::MessageId> expected;
  for (int i = 0; i < 4; ++i) {
    expected.push_back(send(*store, chat(a.id, b.id, i)));        // sent
    expected.push_back(send(*store, chat(c.id, a.id, i)));        // received
    expected.push_back(send(*store, group_chat(b.id, g.id, i)));  // the user's group
    expected.push_back(send(*store, group_chat(a.id, g.id, i)));  // sent into the group
    send(*store, chat(b.id, c.id, i));                            // not the user's
    send(*store, group_chat(b.id, other.id, i));                  // not the user's group
  }
  auto& sync = *store->sync;
  auto all = sync.changes_after(a.id, 0, 500);
  REQUIRE(all.ok());
  CHECK(ids_of(*all) == expected);
  for (std::size_t i = 1; i < all->size(); ++i) CHECK((*all)[i - 1].seq < (*all)[i].seq);
  CHECK((*all)[0].state == im::MessageState::sent);
  CHECK((*all)[0].content == "hello");

  // Pages of 3 neither skip nor repeat; past the end is empty.
  CHECK(ids_of(read_all(sync, a.id, 0, 3)) == expected);
  CHECK(sync.changes_after(a.id, all->back().seq, 10)->empty());
  // From the middle.
  CHECK(ids_of(*sync.changes_after(a.id, (*all)[5].seq, 2)) ==
        std::vector<im::MessageId>{expected[6], expected[7]});
}

TEMPLATE_TEST_CASE("an edit or a recall moves the message past every cursor in its final state",
                   "[storage][sync]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  auto first = send(*store, chat(a.id, b.id, 1));
  auto second = send(*store, chat(b.id, a.id, 2));
  auto& sync = *store->sync;
  auto before = sync.changes_after(b.id, 0, 10);
  REQUIRE(before.ok());
  const std::int64_t cursor = before->back().seq;

  auto edited = sync.edit_message(first, "hello again", kNow + 5);
  REQUIRE(edited.ok());
  REQUIRE(edited->has_value());
  CHECK((*edited)->content == "hello again");
  CHECK((*edited)->state == im::MessageState::edited);
  CHECK((*edited)->seq > cursor);

  im::Message with_ext = chat(a.id, b.id, 3);
  with_ext.ext = "{\"w\":1}";
  auto third = send(*store, with_ext);
  auto recalled = sync.recall_message(third, kNow + 6);
  REQUIRE(recalled.ok());
  REQUIRE(recalled->has_value());
  CHECK((*recalled)->id == third);
  CHECK_FALSE((*recalled)->content.has_value());
  CHECK_FALSE((*recalled)->ext.has_value());
  CHECK((*recalled)->state == im::MessageState::recalled);

  // Both parties' cursors see the final states, once each, in change order.
  for (im::UserId user : {a.id, b.id}) {
    auto after = sync.changes_after(user, cursor, 10);
    REQUIRE(after.ok());
    CHECK(ids_of(*after) == std::vector<im::MessageId>{first, third});
    CHECK((*after)[0].content == "hello again");
    CHECK((*after)[1].state == im::MessageState::recalled);
  }
  CHECK(ids_of(*sync.changes_after(a.id, 0, 10)) ==
        std::vector<im::MessageId>{second, first, third});

  // A recalled message is not edited, and a second recall changes nothing.
  CHECK_FALSE(sync.edit_message(third, "again", kNow + 7)->has_value());
  auto again = sync.recall_message(third, kNow + 8);
  REQUIRE(again->has_value());
  CHECK((*again)->seq == (*recalled)->seq);
  CHECK_FALSE(sync.recall_message(999999, kNow)->has_value());
  CHECK_FALSE(sync.find_message(999999)->has_value());
  CHECK((*sync.find_message(first))->content == "hello again");

  // History shows the final state; search no longer finds the recalled content.
  auto history = store->history->peer_history(a.id, b.id, {std::nullopt, 10});
  REQUIRE(history.ok());
  REQUIRE(history->size() == 3);
  CHECK((*history)[0].state == im::MessageState::recalled);
  CHECK_FALSE((*history)[0].content.has_value());
  auto found = store->history->search_messages(a.id, "hello", {std::nullopt, 10});
  REQUIRE(found.ok());
  CHECK(ids_of(*found) == std::vector<im::MessageId>{second, first});
  CHECK(ids_of(*store->history->search_messages(a.id, "again", {std::nullopt, 10})) ==
        std::vector<im::MessageId>{first});
}

TEMPLATE_TEST_CASE("a reader paging while several writers append misses and repeats nothing",
                   "[storage][sync][concurrency]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  constexpr int kWriters = 4;
  constexpr int kBatches = 40;
  constexpr int kPerBatch = 5;
  std::atomic<int> writing{kWriters};
  std::atomic<int> failed_writes{0};  // Catch's assertions are for the main thread only
  std::vector<std::thread> writers;
  for (int t = 0; t < kWriters; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < kBatches; ++i) {
        std::vector<im::Message> batch;
        for (int k = 0; k < kPerBatch; ++k) batch.push_back(chat(a.id, b.id, t * 10000 + i));
        auto r = store->messages->append_messages(batch, kNow);
        if (!r.ok()) ++failed_writes;
        // Now and then an edit takes a seq between the batches.
        if (r.ok() && i % 8 == 0 && !store->sync->edit_message(r->front(), "e", kNow).ok())
          ++failed_writes;
      }
      --writing;
    });
  }
  // The reader follows the stream while it grows: every message it reads has a seq above its
  // cursor, and when the writers are done it has seen every message.
  std::int64_t cursor = 0;
  std::set<im::MessageId> seen;
  bool repeated = false;
  for (bool last = false; !last;) {
    last = writing.load() == 0;
    auto page = store->sync->changes_after(b.id, cursor, 7);
    REQUIRE(page.ok());
    for (const auto& m : *page) {
      REQUIRE(m.seq > cursor);
      cursor = m.seq;
      // An edited message comes again, later; a sent one once.
      if (!seen.insert(m.id).second && m.state == im::MessageState::sent) repeated = true;
    }
    if (!page->empty()) last = false;
  }
  for (auto& w : writers) w.join();
  CHECK(failed_writes == 0);
  CHECK_FALSE(repeated);
  CHECK(seen.size() == kWriters * kBatches * kPerBatch);
  CHECK(read_all(*store->sync, b.id, cursor, 50).empty());
}
