// MariaDB restart (issue 4, item 1): requests during the outage fail with `unavailable`, and the
// same storage object serves again once the server is back, without a restart of its own.
// Runs only where this process may stop the server: scripts/services.sh started it in
// IM_TEST_SERVICES_DIR (the ctest fixture does).
#ifdef IM_TEST_WITH_MARIADB
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include "backends.hpp"
#include "fixtures.hpp"

TEST_CASE("MariaDB outage: unavailable, then serving again", "[storage][mariadb][restart]") {
  const char* dir = std::getenv("IM_TEST_SERVICES_DIR");
  const char* script = std::getenv("IM_TEST_SERVICES_SCRIPT");
  if (!im_test::MariaDbBackend::configured() || !dir || !script ||
      !std::ifstream(std::string(dir) + "/mariadb/mysqld.pid")) {
    WARN("MariaDB not started by scripts/services.sh here; outage not exercised");
    return;
  }
  auto store = im_test::MariaDbBackend::make();
  auto user = im_test::add_user(*store, "13800000001");
  REQUIRE(store->users->find_user(user.id).ok());

  auto services = [&](const char* cmd) {
    std::string line = std::string(script) + " " + cmd + " " + dir + " >/dev/null 2>&1";
    return std::system(line.c_str());
  };
  REQUIRE(services("stop-mariadb") == 0);
  auto during = store->users->find_user(user.id);
  REQUIRE_FALSE(during.ok());
  CHECK(during.error().code == im::StoreErrc::unavailable);
  CHECK_FALSE(store->database->ping());
  const im::Message m[] = {im_test::chat(user.id, user.id, 1)};
  auto append = store->messages->append_messages(m, im_test::kNow);
  REQUIRE_FALSE(append.ok());
  CHECK(append.error().code == im::StoreErrc::unavailable);

  REQUIRE(services("start-mariadb") == 0);
  // The first request after the restart already succeeds: stale pooled connections are
  // detected before use and replaced.
  auto after = store->users->find_user(user.id);
  REQUIRE(after.ok());
  REQUIRE(after->has_value());
  CHECK((*after)->account == user.account);
  CHECK(store->database->ping());
  CHECK(store->messages->append_messages(m, im_test::kNow).ok());
}
#endif
