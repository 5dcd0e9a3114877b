// The offline-sync service (issue 16 item 2): the page checks of E4 and the flush before every
// read and confirmation, over the embedded storage.
#include <catch2/catch.hpp>

#include "im/services/offline_sync_service.hpp"
#include "im/sqlite_storage.hpp"

using namespace im;

TEST_CASE("offline sync flushes queued writes before it reads or confirms", "[sync]") {
  auto storage = make_sqlite_storage(":memory:").value();
  storage.database->migrate();
  auto clock = make_system_clock();
  OfflineSyncService sync(*storage.messages, *clock);
  UserContext caller;
  caller.id = 1;

  CHECK(sync.pending(caller, SyncPage{0, 10}).error() == Error::internal());
  CHECK(sync.pending(caller, SyncPage{1, -1}).error() == Error::internal());

  int flushes = 0;
  sync.set_flusher([&] { ++flushes; });
  auto page = sync.pending(caller, SyncPage{1, 100});
  REQUIRE(page.ok());
  CHECK(page->count == 0);
  CHECK(flushes == 1);
  CHECK(sync.received(caller, std::nullopt).ok());
  CHECK(flushes == 2);
  sync.flush();
  CHECK(flushes == 3);
  sync.set_flusher(nullptr);
  sync.flush();
  CHECK(flushes == 3);
}
