// Behaviour of the SQLite adapter that the generic cases cannot express: private in-memory
// databases, reopening a file (restart, crash recovery), and a second migrate on old data.
#include <atomic>
#include <thread>
#include <vector>

#include "backends.hpp"
#include "fixtures.hpp"

using namespace im_test;

TEST_CASE("sqlite: every :memory: store is private", "[storage][sqlite]") {
  auto one = SqliteBackend::make();
  auto two = SqliteBackend::make();
  add_user(*one, "13800000001");
  CHECK(add_user(*two, "13800000001").id == 10000);
  CHECK_FALSE(two->users->find_user(10001)->has_value());
}

TEST_CASE("sqlite: a file database survives a restart, and pending deliveries are recovered",
          "[storage][sqlite]") {
  const auto path = SqliteFileBackend::fresh_path();
  SqliteFileBackend::remove_files(path);
  im::MessageId m5 = 0, m6 = 0;
  {
    auto store = std::make_shared<im::Storage>(im::make_sqlite_storage(path).value());
    store->database->migrate();
    auto a = add_user(*store, "13800000001");
    auto b = add_user(*store, "13800000002");
    m5 = send(*store, chat(a.id, b.id, 5));
    m6 = send(*store, chat(a.id, b.id, 6));
    REQUIRE(store->messages->record_delivery(b.id, m6, true, kNow).ok());
    // The process "dies" here: m5's outcome is never recorded.
  }
  {
    auto store = std::make_shared<im::Storage>(im::make_sqlite_storage(path).value());
    REQUIRE_NOTHROW(store->database->migrate());
    auto recovered = store->messages->recover_pending_deliveries(kNow, kNow);
    REQUIRE(recovered.ok());
    CHECK(recovered.value() == 1);
    auto ack = store->messages->message_ack(10001);
    REQUIRE(ack.ok());
    REQUIRE(ack->has_value());
    CHECK((*ack)->last_ack == m5 - 1);
    CHECK((*ack)->last_ack_err == m5);
    auto page = store->messages->pending_messages(10001, 0, 10);
    CHECK(ids_of(*page) == std::vector<im::MessageId>{m6, m5});
    // Sequences continue after the restart.
    CHECK(add_user(*store, "13800000003").id == 10002);
    CHECK(send(*store, chat(10000, 10001, 7)) > m6);
    auto admin = store->permissions->role_info(5);
    REQUIRE(admin->has_value());
    CHECK((*admin)->permissions.size() == 4);
  }
  SqliteFileBackend::remove_files(path);
}

TEST_CASE("sqlite: migrate leaves operator-made roles alone", "[storage][sqlite]") {
  auto store = SqliteBackend::make();
  // An operator-created role keeps its data across migrations.
  const std::int64_t perms[] = {2};
  auto role = store->permissions->create_role("ops", std::string("Operators"), perms, kNow);
  REQUIRE(role.ok());
  REQUIRE_NOTHROW(store->database->migrate());
  auto info = store->permissions->role_info(role->id);
  REQUIRE(info->has_value());
  CHECK((*info)->role.desc == "Operators");
  CHECK((*info)->permissions.size() == 1);
}

TEST_CASE("sqlite: an unusable path fails at open", "[storage][sqlite]") {
  auto missing = im::make_sqlite_storage("/nonexistent-dir/sub/im.db");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == im::Errc::storage);
  CHECK_FALSE(missing.error().detail.empty());
}

TEST_CASE("sqlite: fast reads of a file database use reader connections that see every commit",
          "[storage][sqlite]") {
  CHECK_FALSE(
      SqliteBackend::make()->database->fast_reads());  // :memory: cannot be shared: one connection
  const auto path = SqliteFileBackend::fresh_path();
  SqliteFileBackend::remove_files(path);
  {
    auto store = std::make_shared<im::Storage>(im::make_sqlite_storage(path).value());
    store->database->migrate();
    CHECK(store->database->fast_reads());
    auto a = add_user(*store, "13800000001");
    auto b = add_user(*store, "13800000002");
    auto before = store->friends->list_friends(a.id);
    REQUIRE(before.ok());
    CHECK(before->empty());
    // Committed on the main connection, read on a reader (kept from the read above).
    make_friends(*store, a.id, b.id);
    auto after = store->friends->list_friends(a.id);
    REQUIRE(after.ok());
    REQUIRE(after->size() == 1);
    CHECK((*after)[0].user.id == b.id);
    // Several readers at once (threads of the I/O and worker pools).
    std::vector<std::thread> threads;
    std::atomic<int> seen{0};
    for (int i = 0; i < 4; ++i)
      threads.emplace_back([&] {
        for (int n = 0; n < 50; ++n) {
          auto list = store->friends->list_friends(b.id);
          if (list.ok() && list->size() == 1) ++seen;
        }
      });
    for (auto& t : threads) t.join();
    CHECK(seen == 200);
  }
  SqliteFileBackend::remove_files(path);
}

// The search index catches up when a search comes (HistoryStore::search_messages), a bounded
// number of messages per search; what it has not reached yet is scanned, so the results are
// complete either way.
TEST_CASE("sqlite: search finds every message while the index catches up", "[storage][sqlite]") {
  auto store = SqliteBackend::make();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  std::vector<im::Message> batch;
  for (int i = 0; i < 20500; ++i) {
    auto m = chat(i % 2 ? a.id : b.id, i % 2 ? b.id : a.id, i);
    m.content = i % 1000 == 0 ? "天气预报 " + std::to_string(i) : "hello " + std::to_string(i);
    batch.push_back(std::move(m));
  }
  auto ids = store->messages->append_messages(batch, kNow);
  REQUIRE(ids.ok());
  auto count = [&] {
    auto found = store->history->search_messages(a.id, "天气预报", {std::nullopt, 200});
    REQUIRE(found.ok());
    REQUIRE_FALSE(found->empty());
    CHECK(found->front().id == (*ids)[20000]);
    CHECK(found->back().id == (*ids)[0]);
    return found->size();
  };
  CHECK(count() == 21);  // the first 20,000 indexed, the last 500 scanned
  CHECK(count() == 21);  // all indexed
}
