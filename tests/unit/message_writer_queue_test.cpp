// The message writer's queue bound (issue 11 item 8): past MessageWriter::Options::max_queued a
// message fails at once, like a write to a database that is down (the sender then gets the
// database-error ack), instead of waiting in memory.
#include <catch2/catch.hpp>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <vector>

#include "../storage/fixtures.hpp"  // users and messages for a store
#include "im/clock.hpp"
#include "im/message_writer.hpp"
#include "im/sqlite_storage.hpp"

using namespace im_test;

TEST_CASE("past max_queued, append fails at once with StoreErrc::unavailable", "[writer]") {
  auto store = std::make_shared<im::Storage>(im::make_sqlite_storage(":memory:").value());
  store->database->migrate();
  auto a = add_user(*store, "13800000001");
  auto b = add_user(*store, "13800000002");
  auto clock = im::make_system_clock();
  im::MessageWriter::Options options;
  options.max_queued = 2;
  im::MessageWriter writer(*store->messages, *clock, options);

  // The first message's admission check holds the writer thread, so the next ones queue up.
  std::mutex mutex;
  std::condition_variable changed;
  bool admitting = false;
  bool release = false;
  std::vector<im::StoreResult<im::MessageId>> results;
  auto done = [&](im::StoreResult<im::MessageId> r) {
    std::lock_guard lock(mutex);
    results.push_back(std::move(r));
    changed.notify_all();
  };
  writer.append(
      [&]() -> std::optional<im::Message> {
        std::unique_lock lock(mutex);
        admitting = true;
        changed.notify_all();
        changed.wait(lock, [&] { return release; });
        return chat(a.id, b.id, 1);
      },
      done);
  {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return admitting; });
  }
  writer.append(chat(a.id, b.id, 2), done);
  writer.append(chat(a.id, b.id, 3), done);
  writer.append(chat(a.id, b.id, 4), done);  // the queue holds 2: refused
  {
    std::lock_guard lock(mutex);
    REQUIRE(results.size() == 1);  // at once, on this thread
    REQUIRE_FALSE(results[0].ok());
    CHECK(results[0].error().code == im::StoreErrc::unavailable);
    release = true;
    changed.notify_all();
  }
  writer.flush();
  std::lock_guard lock(mutex);
  REQUIRE(results.size() == 4);
  for (std::size_t i = 1; i < results.size(); ++i) CHECK(results[i].ok());  // stored
}
