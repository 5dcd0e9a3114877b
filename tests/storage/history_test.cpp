// History pages and the conversation list (HistoryStore; docs/protocol-extensions.md "History and
// conversations").
#include <algorithm>

#include "backends.hpp"
#include "fixtures.hpp"

using namespace im_test;

TEMPLATE_TEST_CASE("peer history pages newest first without gaps or repeats", "[storage][history]",
                   IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  auto c = add_user(*store, "13800000003");
  auto g = add_group(*store, a.id, {a.id, b.id});

  std::vector<im::MessageId> expected;  // a <-> b, both directions
  for (int i = 0; i < 7; ++i) {
    expected.push_back(send(*store, chat(i % 2 ? a.id : b.id, i % 2 ? b.id : a.id, i)));
    send(*store, chat(a.id, c.id, i));        // another peer
    send(*store, chat(c.id, b.id, i));        // not the caller's
    send(*store, group_chat(a.id, g.id, i));  // a group message
  }
  std::reverse(expected.begin(), expected.end());

  auto& history = *store->history;
  auto all = history.peer_history(a.id, b.id, {std::nullopt, 50});
  REQUIRE(all.ok());
  CHECK(ids_of(*all) == expected);
  CHECK(ids_of(*history.peer_history(b.id, a.id, {std::nullopt, 50})) == expected);
  CHECK((*all)[0].created_at == kNow);

  std::vector<im::MessageId> paged;
  std::optional<im::MessageId> before;
  for (;;) {
    auto page = history.peer_history(a.id, b.id, {before, 3});
    REQUIRE(page.ok());
    REQUIRE(page->size() <= 3);
    if (page->empty()) break;
    for (auto id : ids_of(*page)) paged.push_back(id);
    before = page->back().id;
  }
  CHECK(paged == expected);

  // Notes to oneself appear once.
  auto note = send(*store, chat(a.id, a.id, 99));
  auto self = history.peer_history(a.id, a.id, {std::nullopt, 50});
  REQUIRE(self.ok());
  CHECK(ids_of(*self) == std::vector<im::MessageId>{note});
}

TEMPLATE_TEST_CASE("group history pages the group's messages", "[storage][history]",
                   IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  auto g1 = add_group(*store, a.id, {a.id, b.id});
  auto g2 = add_group(*store, a.id, {a.id, b.id});
  std::vector<im::MessageId> expected;
  for (int i = 0; i < 5; ++i) {
    expected.insert(expected.begin(), send(*store, group_chat(i % 2 ? a.id : b.id, g1.id, i)));
    send(*store, group_chat(a.id, g2.id, i));
    send(*store, chat(a.id, b.id, i));
  }
  auto& history = *store->history;
  CHECK(ids_of(*history.group_history(g1.id, {std::nullopt, 200})) == expected);
  auto first = history.group_history(g1.id, {std::nullopt, 2});
  REQUIRE(first.ok());
  CHECK(ids_of(*first) == std::vector<im::MessageId>{expected[0], expected[1]});
  auto next = history.group_history(g1.id, {first->back().id, 2});
  CHECK(ids_of(*next) == std::vector<im::MessageId>{expected[2], expected[3]});
  CHECK(history.group_history(g1.id, {expected.back(), 2})->empty());
}

TEMPLATE_TEST_CASE("conversations: last message and unread from the read receipts",
                   "[storage][history]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  auto c = add_user(*store, "13800000003");
  auto g = add_group(*store, b.id, {a.id, b.id, c.id});
  auto quiet = add_group(*store, b.id, {a.id, b.id});  // no messages: not listed
  (void)quiet;

  auto b1 = send(*store, chat(b.id, a.id, 1));
  auto b2 = send(*store, chat(b.id, a.id, 2));
  auto b3 = send(*store, chat(a.id, b.id, 3));  // a's own reply
  auto c1 = send(*store, chat(c.id, a.id, 4));
  auto g1 = send(*store, group_chat(b.id, g.id, 5));
  auto g2 = send(*store, group_chat(a.id, g.id, 6));
  auto g3 = send(*store, group_chat(c.id, g.id, 7));
  send(*store, chat(b.id, c.id, 8));  // not a's
  (void)b2;
  (void)g2;

  auto& history = *store->history;
  auto list = history.conversations(a.id);
  REQUIRE(list.ok());
  REQUIRE(list->size() == 3);
  // Newest last message first: the group (g3), c (c1), b (b3).
  CHECK((*list)[0].group == g.id);
  CHECK_FALSE((*list)[0].peer);
  CHECK((*list)[0].last.id == g3);
  CHECK((*list)[0].unread == 2);  // g1 and g3; a's own g2 is never unread
  CHECK((*list)[1].peer == c.id);
  CHECK((*list)[1].last.id == c1);
  CHECK((*list)[1].unread == 1);
  CHECK((*list)[2].peer == b.id);
  CHECK((*list)[2].last.id == b3);
  CHECK((*list)[2].last.content == "hello");
  CHECK((*list)[2].unread == 2);

  // a read b's messages up to b1 (receipt sender = reader, receiver = peer) and the group up to
  // g1 (sender = group, receiver = reader).
  REQUIRE(store->messages->upsert_read(a.id, b.id, b1, kNow).ok());
  REQUIRE(store->messages->upsert_read(g.id, a.id, g1, kNow).ok());
  list = history.conversations(a.id);
  REQUIRE(list.ok());
  REQUIRE(list->size() == 3);
  CHECK((*list)[0].unread == 1);
  CHECK((*list)[1].unread == 1);
  CHECK((*list)[2].unread == 1);

  CHECK(history.conversations(add_user(*store, "13800000009").id)->empty());
}

TEMPLATE_TEST_CASE("search finds Chinese and Latin substrings in the user's conversations",
                   "[storage][history][search]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  auto c = add_user(*store, "13800000003");
  auto g = add_group(*store, b.id, {a.id, b.id, c.id});
  auto other = add_group(*store, b.id, {b.id, c.id});
  auto with = [](im::Message m, std::string content, std::string type = "text") {
    m.content = std::move(content);
    m.type = std::move(type);
    return m;
  };
  auto m1 = send(*store, with(chat(a.id, b.id, 1), "今天天气很好"));
  auto m2 = send(*store, with(chat(b.id, a.id, 2), "Hello World, 天气 report"));
  auto m3 = send(*store, with(group_chat(c.id, g.id, 3), "明天天气也好 hello"));
  auto m4 = send(*store, with(chat(c.id, a.id, 4), "100% sure_thing"));
  send(*store, with(chat(b.id, c.id, 5), "天气 hello, not a's"));          // not a's conversation
  send(*store, with(group_chat(b.id, other.id, 6), "天气 hello, other"));  // a is not a member
  send(*store, with(chat(b.id, a.id, 7), "/uploads/天气hello.png", "image"));  // not text

  auto& history = *store->history;
  auto find = [&](std::string_view text, std::optional<im::MessageId> before = std::nullopt,
                  std::int64_t limit = 50) {
    auto r = history.search_messages(a.id, text, {before, limit});
    REQUIRE(r.ok());
    return ids_of(*r);
  };
  using Ids = std::vector<im::MessageId>;
  CHECK(find("天气") == Ids{m3, m2, m1});  // 2 characters
  CHECK(find("天气很") == Ids{m1});        // 3 characters
  CHECK(find("今天天气很好") == Ids{m1});
  CHECK(find("HELLO") == Ids{m3, m2});  // ASCII case folded
  CHECK(find("llo Wor") == Ids{m2});
  CHECK(find("o") == Ids{m3, m2});
  CHECK(find("0% s") == Ids{m4});  // % and _ stand for themselves
  CHECK(find("%").size() == 1);
  CHECK(find("e_t") == Ids{m4});
  CHECK(find("e%t").empty());
  CHECK(find("\"天气").empty());  // a quote is text, not query syntax
  CHECK(find("nowhere").empty());
  // Paging, newest first.
  CHECK(find("天气", std::nullopt, 2) == Ids{m3, m2});
  CHECK(find("天气", m2, 2) == Ids{m1});
  CHECK(find("天气", m1, 2).empty());
  // Messages stored after a search are found by the next one (SQLite indexes them then).
  auto m8 = send(*store, with(chat(b.id, a.id, 8), "后来的天气预报"));
  CHECK(find("天气预报") == Ids{m8});
  CHECK(find("天气", std::nullopt, 1) == Ids{m8});
  // The other side of a conversation finds it too.
  auto fromB = history.search_messages(b.id, "天气很", {std::nullopt, 50});
  REQUIRE(fromB.ok());
  CHECK(ids_of(*fromB) == Ids{m1});
}
