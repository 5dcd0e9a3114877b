// Messages: append, the offline pull, read receipts (docs/contract/data-model.md 2.9, 2.11;
// docs/contract/http-api.md E4; docs/contract/realtime.md 8; B6, B20, J4, J26).
#include <string>

#include "backends.hpp"
#include "fixtures.hpp"

using namespace im_test;

namespace {

// a, b, c; group g of a and b; group `other` of c and a (b is not in it).
struct ThreeUsersTwoGroups {
  im::User a, b, c;
  im::Group g, other;
};
ThreeUsersTwoGroups three_users_two_groups(im::Storage& store) {
  auto a = add_user(store, "13800000001");
  auto b = add_user(store, "13800000002");
  auto c = add_user(store, "13800000003");
  auto g = add_group(store, a.id, {a.id, b.id});
  auto other = add_group(store, c.id, {c.id, a.id});
  return {a, b, c, g, other};
}

}  // namespace

TEMPLATE_TEST_CASE("append_messages assigns strictly increasing ids", "[storage][messages]",
                   IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");

  std::vector<im::Message> batch1 = {chat(a.id, b.id, 3), chat(b.id, a.id, 1), chat(a.id, b.id, 2)};
  auto ids1 = store->messages->append_messages(batch1, kNow);
  REQUIRE(ids1.ok());
  REQUIRE(ids1->size() == 3);
  CHECK((*ids1)[0] < (*ids1)[1]);
  CHECK((*ids1)[1] < (*ids1)[2]);

  std::vector<im::Message> batch2 = {chat(a.id, b.id, 0)};
  auto ids2 = store->messages->append_messages(batch2, kNow);
  REQUIRE(ids2.ok());
  CHECK(ids2->front() > ids1->back());

  auto empty = store->messages->append_messages({}, kNow);
  REQUIRE(empty.ok());
  CHECK(empty->empty());

  // Client-chosen ids are ignored (S1, S18).
  auto forged = chat(a.id, b.id, 5);
  forged.id = 1;
  CHECK(send(*store, forged) > ids2->front());
}

TEMPLATE_TEST_CASE("a taken msgId fails the whole batch", "[storage][messages]",
                   IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");

  SECTION("duplicate inside the batch") {
    auto m1 = chat(a.id, b.id, 1);
    auto m2 = chat(a.id, b.id, 2);
    auto m3 = chat(a.id, b.id, 3);
    m3.msg_id = m1.msg_id;
    std::vector<im::Message> batch = {m1, m2, m3};
    auto r = store->messages->append_messages(batch, kNow);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == im::StoreErrc::conflict);
  }
  SECTION("duplicate of a stored message") {
    auto stored = chat(a.id, b.id, 1);
    auto id = send(*store, stored);
    REQUIRE(store->messages->mark_received(b.id, id, kNow).ok());
    std::vector<im::Message> batch = {chat(a.id, b.id, 2), stored};
    auto r = store->messages->append_messages(batch, kNow);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == im::StoreErrc::conflict);
  }
  SECTION("an unknown sender") {
    std::vector<im::Message> batch = {chat(a.id, b.id, 1), chat(424242, b.id, 2)};
    auto r = store->messages->append_messages(batch, kNow);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == im::StoreErrc::foreign_key);
  }
  // Nothing of the failed batch was stored, and no pending delivery was left behind.
  auto page = store->messages->pending_messages(b.id, 0, 100);
  REQUIRE(page.ok());
  CHECK(page->count == 0);
  auto recovered = store->messages->recover_pending_deliveries(kNow, kNow);
  REQUIRE(recovered.ok());
  CHECK(recovered.value() == 0);
}

TEMPLATE_TEST_CASE("messages round-trip every column", "[storage][messages]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001", std::string("a@example.com"));
  auto b = add_user(*store, "13800000002");

  im::Message m;
  m.msg_id = "03a2769f-a752-4693-a6d3-2f70b694689f";
  m.type = "text";
  m.sender = a.id;
  m.receiver = b.id;
  m.content = "hello 😀 " + std::string(65000, 'x');  // 4-byte UTF-8 (B20), long text (J4)
  m.timer = 1795720722626;
  m.ext = "some ext";
  auto id = send(*store, m);

  auto page = store->messages->pending_messages(b.id, 0, 10);
  REQUIRE(page.ok());
  REQUIRE(page->items.size() == 1);
  const auto& got = page->items[0].message;
  CHECK(got.id == id);
  CHECK(got.msg_id == m.msg_id);
  CHECK(got.type == "text");
  CHECK(got.sender == a.id);
  CHECK_FALSE(got.group_id.has_value());
  CHECK(got.receiver == b.id);
  CHECK(got.content == m.content);
  CHECK(got.timer == 1795720722626);
  CHECK(got.ext == "some ext");
  CHECK(got.created_at == kNow);
  CHECK(got.updated_at == kNow);
  REQUIRE(page->items[0].sender.has_value());
  CHECK(page->items[0].sender->id == a.id);
  CHECK(page->items[0].sender->email == "a@example.com");

  auto bare = chat(a.id, b.id, 5);
  bare.content.reset();
  send(*store, bare);
  auto page2 = store->messages->pending_messages(b.id, 0, 10);
  REQUIRE(page2->items.size() == 2);
  CHECK_FALSE(page2->items[1].message.content.has_value());
  CHECK_FALSE(page2->items[1].message.ext.has_value());
}

TEMPLATE_TEST_CASE("pending_messages: selection, order, count and paging", "[storage][messages]",
                   IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto [a, b, c, g, other] = three_users_two_groups(*store);

  auto m_ab = send(*store, chat(a.id, b.id, 500));         // to b
  auto m_ba = send(*store, chat(b.id, a.id, 900));         // b's own one-to-one: not for b
  auto m_g_a = send(*store, group_chat(a.id, g.id, 700));  // b's group
  auto m_g_b = send(*store, group_chat(b.id, g.id, 700));  // b's own group message: included
  auto m_cb = send(*store, chat(c.id, b.id, 100));         // to b
  send(*store, group_chat(c.id, other.id, 800));           // a group b is not in
  send(*store, chat(c.id, a.id, 950));                     // to someone else
  // J26: a group message whose group id happens to equal b's user id is not one-to-one.
  auto spoof = chat(c.id, b.id, 999);
  spoof.group_id = b.id;
  send(*store, spoof);

  auto page = store->messages->pending_messages(b.id, 0, 100);
  REQUIRE(page.ok());
  CHECK(page->count == 4);
  // timer descending, ties by id descending.
  CHECK(ids_of(*page) == std::vector<im::MessageId>{m_g_b, m_g_a, m_ab, m_cb});

  // Paging: count is always the total before paging.
  auto p1 = store->messages->pending_messages(b.id, 0, 3);
  REQUIRE(p1.ok());
  CHECK(p1->count == 4);
  CHECK(ids_of(*p1) == std::vector<im::MessageId>{m_g_b, m_g_a, m_ab});
  auto p2 = store->messages->pending_messages(b.id, 3, 3);
  CHECK(p2->count == 4);
  CHECK(ids_of(*p2) == std::vector<im::MessageId>{m_cb});
  auto p3 = store->messages->pending_messages(b.id, 6, 3);
  CHECK(p3->count == 4);
  CHECK(p3->items.empty());
  auto zero = store->messages->pending_messages(b.id, 0, 0);
  CHECK(zero->count == 4);
  CHECK(zero->items.empty());

  // Only ids above lastAck (B6: no row counts as 0).
  REQUIRE(store->messages->mark_received(b.id, m_g_a, kNow).ok());
  auto after = store->messages->pending_messages(b.id, 0, 100);
  CHECK(after->count == 2);
  CHECK(ids_of(*after) == std::vector<im::MessageId>{m_g_b, m_cb});

  // a sees b's one-to-one message and both groups' messages, including its own group messages.
  auto for_a = store->messages->pending_messages(a.id, 0, 100);
  REQUIRE(for_a.ok());
  CHECK(for_a->count == 5);
  (void)m_ba;

  auto nobody = add_user(*store, "13800000004");
  auto empty = store->messages->pending_messages(nobody.id, 0, 100);
  REQUIRE(empty.ok());
  CHECK(empty->count == 0);
  CHECK(empty->items.empty());
}

TEMPLATE_TEST_CASE("pending_messages attaches the sender's current profile", "[storage][messages]",
                   IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  send(*store, chat(a.id, b.id, 1));
  im::UserPatch patch;
  patch.avatar = std::optional<std::string>("http://later.png");
  REQUIRE(store->users->update_user(a.id, patch, kNow + 60).ok());
  auto page = store->messages->pending_messages(b.id, 0, 10);
  REQUIRE(page->items.size() == 1);
  REQUIRE(page->items[0].sender.has_value());
  CHECK(page->items[0].sender->avatar == "http://later.png");
  CHECK(page->items[0].sender->update_time == kNow + 60);
}

TEMPLATE_TEST_CASE("a NULL lastAck counts as 0", "[storage][messages]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  send(*store, chat(a.id, b.id, 1));
  send(*store, chat(a.id, b.id, 2));
  // E5 without an id creates the row with lastAck NULL (B6).
  REQUIRE(store->messages->mark_received(b.id, std::nullopt, kNow).ok());
  auto ack = store->messages->message_ack(b.id);
  REQUIRE(ack.ok());
  REQUIRE(ack->has_value());
  CHECK_FALSE((*ack)->last_ack.has_value());
  CHECK_FALSE((*ack)->last_ack_err.has_value());
  CHECK(store->messages->pending_messages(b.id, 0, 10)->count == 2);
}

TEMPLATE_TEST_CASE("upsert_read keeps one row per pair", "[storage][messages]",
                   IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  CHECK(store->messages->upsert_read(b.id, a.id, 5, kNow).ok());
  CHECK(store->messages->upsert_read(b.id, a.id, 9, kNow + 1).ok());
  CHECK(store->messages->upsert_read(b.id, a.id, 3, kNow + 2).ok());
  CHECK(store->messages->upsert_read(1, a.id, 7, kNow)
            .ok());  // a group receipt: sender is the group id
}

TEMPLATE_TEST_CASE("messages_of_user: sent and received, ascending id, keyset pages",
                   "[storage][messages]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto [a, b, c, g, other] = three_users_two_groups(*store);

  auto m_ab = send(*store, chat(a.id, b.id, 500));         // received
  auto m_ba = send(*store, chat(b.id, a.id, 900));         // sent
  auto m_g_a = send(*store, group_chat(a.id, g.id, 700));  // of b's group
  auto m_g_b = send(*store, group_chat(b.id, g.id, 700));  // sent into b's group (both branches)
  send(*store, group_chat(c.id, other.id, 800));           // a group b is not in
  send(*store, chat(c.id, a.id, 950));                     // between others
  auto spoof = chat(c.id, b.id, 999);                      // J26: a group id equal to b's id
  spoof.group_id = b.id;
  send(*store, spoof);
  auto m_cb = send(*store, chat(c.id, b.id, 100));  // received

  const std::vector<im::MessageId> all{m_ab, m_ba, m_g_a, m_g_b, m_cb};
  auto ids = [](const std::vector<im::Message>& page) {
    std::vector<im::MessageId> out;
    for (const auto& m : page) out.push_back(m.id);
    return out;
  };
  auto whole = store->messages->messages_of_user(b.id, 0, 100);
  REQUIRE(whole.ok());
  CHECK(ids(*whole) == all);
  CHECK((*whole)[0].content == std::optional<std::string>("hello"));

  // Pages of 2, each after the last id of the one before: every message once.
  std::vector<im::MessageId> paged;
  im::MessageId after = 0;
  for (int guard = 0; guard < 10; ++guard) {
    auto page = store->messages->messages_of_user(b.id, after, 2);
    REQUIRE(page.ok());
    for (auto id : ids(*page)) paged.push_back(id);
    if (page->size() < 2) break;
    after = page->back().id;
  }
  CHECK(paged == all);

  auto nobody = add_user(*store, "13800000004");
  auto empty = store->messages->messages_of_user(nobody.id, 0, 100);
  REQUIRE(empty.ok());
  CHECK(empty->empty());
}
