// The MariaDB backend of the conformance suite. Connection settings come from the environment
// written by scripts/services.sh (IM_TEST_DB_HOST/PORT/USER/PASS/NAME). Every make() empties
// the test database (drops every table) and migrates it afresh, so each case starts from the
// seeds alone, exactly like a new SQLite database.
#pragma once

#include <catch2/catch.hpp>

#include <cstdlib>
#include <memory>
#include <string>

#include "im/storage.hpp"
#include "server/adapters/mariadb/mariadb_connection.hpp"
#include "server/adapters/mariadb/mariadb_storage.hpp"

namespace im_test {

struct MariaDbBackend {
  static constexpr const char* name = "mariadb";

  static std::string env(const char* key, const char* fallback) {
    const char* v = std::getenv(key);
    return v && *v ? v : fallback;
  }
  static bool configured() { return !env("IM_TEST_DB_HOST", "").empty(); }

  static im::host::DatabaseConfig config() {
    im::host::DatabaseConfig c;
    c.host = env("IM_TEST_DB_HOST", "");
    c.port = static_cast<std::uint16_t>(std::stoi(env("IM_TEST_DB_PORT", "3306")));
    c.user = env("IM_TEST_DB_USER", "im");
    c.password = env("IM_TEST_DB_PASS", "im");
    c.name = env("IM_TEST_DB_NAME", "im_test");
    c.pool_size = 8;
    return c;
  }

  static void drop_all_tables(const im::host::DatabaseConfig& c) {
    im::host::mariadb::MariaDbConnection conn(c);
    conn.run("SET FOREIGN_KEY_CHECKS = 0");
    conn.run(
        "DROP TABLE IF EXISTS `PushOutbox`, `SyncClock`, `AuditLog`, `Bans`, `PresenceSettings`, "
        "`Blocks`, "
        "`PendingDeliveries`, "
        "`SchemaMigrations`, `Electrons`, "
        "`Notifies`, `MessageReads`, `MessageAcks`, `Messages`, `Members`, `Groups`, "
        "`FriendSettings`, `Friends`, `Users`, `RolePermissions`, `Permissions`, `Roles`");
    conn.run("SET FOREIGN_KEY_CHECKS = 1");
  }

  static std::shared_ptr<im::Storage> make() {
    if (!configured()) FAIL("IM_TEST_DB_HOST is not set; the MariaDB cases cannot run");
    const auto c = config();
    try {
      drop_all_tables(c);
      auto store = std::make_shared<im::Storage>(im::host::make_mariadb_storage(c));
      store->database->migrate();
      return store;
    } catch (const std::exception& e) {
      FAIL("MariaDB at " << c.host << ":" << c.port
                         << " (IM_TEST_DB_HOST is set) is unusable: " << e.what());
    }
    return nullptr;
  }
};

}  // namespace im_test
