// Migrating a database created by the original server (docs/contract/data-model.md 6): the
// adapter's migrate() repairs it in place and keeps the data.
#ifdef IM_TEST_WITH_MARIADB
#include <catch2/catch.hpp>

#include "backends.hpp"
#include "fixtures.hpp"

namespace {

using im::host::mariadb::MariaDbConnection;

std::string scalar(MariaDbConnection& c, const std::string& sql,
                   const im::host::mariadb::Params& p) {
  auto rows = c.query(sql, p);
  return rows.empty() ? std::string("<none>") : rows[0].text(0);
}

// The original's tables as Sequelize created them (utf8mb3, the B7 foreign keys, J3/J4 column
// types, no unique keys on FriendSettings and MessageReads, CASCADE on Users.roleId).
void create_original_schema(MariaDbConnection& c) {
  const char* opts = " ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci";
  c.run(std::string("CREATE TABLE `Roles` (`id` INT NOT NULL AUTO_INCREMENT, `name` VARCHAR(255) "
                    "NOT NULL, `desc` VARCHAR(255), `createdAt` DATETIME, `updatedAt` DATETIME, "
                    "PRIMARY KEY (`id`), UNIQUE KEY `name` (`name`))") +
        opts);
  c.run(std::string("CREATE TABLE `Users` (`id` INT NOT NULL AUTO_INCREMENT, `account` VARCHAR(11),"
                    " `pwd` VARCHAR(255) NOT NULL, `avatar` VARCHAR(255), `email` VARCHAR(255), "
                    "`regisTime` DATETIME, `updateTime` DATETIME, `roleId` INT, PRIMARY KEY (`id`),"
                    " UNIQUE KEY `account` (`account`), UNIQUE KEY `email` (`email`), "
                    "CONSTRAINT `Users_ibfk_1` FOREIGN KEY (`roleId`) REFERENCES `Roles` (`id`) "
                    "ON DELETE CASCADE ON UPDATE CASCADE) AUTO_INCREMENT=10000") +
        opts);
  c.run(std::string("CREATE TABLE `FriendSettings` (`id` INT NOT NULL AUTO_INCREMENT, `userId` INT "
                    "NOT NULL, `friendId` INT NOT NULL, `remark` VARCHAR(255), `astrolabe` "
                    "TINYINT(1) NOT NULL DEFAULT 0, `block` TINYINT(1) NOT NULL DEFAULT 0, "
                    "`createdAt` DATETIME, `updatedAt` DATETIME, PRIMARY KEY (`id`), "
                    "KEY `friendId` (`friendId`))") +
        opts);
  c.run(
      std::string("CREATE TABLE `Friends` (`id` INT NOT NULL AUTO_INCREMENT, `createdAt` DATETIME,"
                  " `updatedAt` DATETIME, `userId` INT, `friendId` INT, PRIMARY KEY (`id`), "
                  "CONSTRAINT `Friends_ibfk_1` FOREIGN KEY (`userId`) REFERENCES "
                  "`FriendSettings` (`friendId`), CONSTRAINT `Friends_ibfk_2` FOREIGN KEY "
                  "(`friendId`) REFERENCES `FriendSettings` (`friendId`))") +
      opts);
  c.run(std::string("CREATE TABLE `Messages` (`id` BIGINT NOT NULL AUTO_INCREMENT, `msgId` "
                    "VARCHAR(255) NOT NULL, `type` VARCHAR(255) NOT NULL, `sender` INT NOT NULL, "
                    "`groupId` INT, `receiver` INT NOT NULL, `content` VARCHAR(255), `timer` "
                    "BIGINT NOT NULL, `ext` SMALLINT, `createdAt` DATETIME, `updatedAt` DATETIME,"
                    " PRIMARY KEY (`id`), UNIQUE KEY `msgId` (`msgId`))") +
        opts);
  c.run(std::string("CREATE TABLE `MessageReads` (`id` INT NOT NULL AUTO_INCREMENT, `sender` INT "
                    "NOT NULL, `receiver` INT NOT NULL, `lastRead` BIGINT, `createdAt` DATETIME, "
                    "`updatedAt` DATETIME, PRIMARY KEY (`id`))") +
        opts);
  c.run(std::string("CREATE TABLE `Notifies` (`id` VARCHAR(255) NOT NULL, `type` INT, `sender` INT "
                    "NOT NULL, `receiver` INT NOT NULL, `status` INT NOT NULL, `timer` BIGINT NOT "
                    "NULL, `remark` VARCHAR(255), `ext` SMALLINT, `createdAt` DATETIME, "
                    "`updatedAt` DATETIME, PRIMARY KEY (`id`))") +
        opts);
  c.run("INSERT INTO `Roles` VALUES (5, 'admin', 'boss', NULL, NULL)");
  c.run(
      "INSERT INTO `Users` (`account`, `pwd`, `roleId`) VALUES ('13800000001', 'x', 5), "
      "('13800000002', 'x', 5)");
  c.run(
      "INSERT INTO `FriendSettings` (`userId`, `friendId`, `remark`) VALUES "
      "(10000, 10001, 'old'), (10000, 10001, 'new'), (10001, 10000, NULL)");
  c.run(
      "INSERT INTO `Messages` (`msgId`, `type`, `sender`, `receiver`, `content`, `timer`, "
      "`ext`) VALUES ('m1', 'text', 10000, 10001, 'hi', 1, 42)");
  c.run(
      "INSERT INTO `MessageReads` (`sender`, `receiver`, `lastRead`) VALUES (1, 2, 5), "
      "(1, 2, 7)");
}

}  // namespace

TEST_CASE("migrate repairs a database created by the original", "[storage][mariadb][migrate]") {
  if (!im_test::MariaDbBackend::configured()) {
    WARN("IM_TEST_DB_HOST unset; original-schema migration not exercised");
    return;
  }
  const auto cfg = im_test::MariaDbBackend::config();
  im_test::MariaDbBackend::drop_all_tables(cfg);
  MariaDbConnection c(cfg);
  create_original_schema(c);

  auto store = std::make_shared<im::Storage>(im::host::make_mariadb_storage(cfg));
  REQUIRE_NOTHROW(store->database->migrate());
  REQUIRE_NOTHROW(store->database->migrate());  // idempotent

  const char* constraint_sql =
      "SELECT COUNT(*) FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = "
      "DATABASE() AND TABLE_NAME = ? AND CONSTRAINT_NAME = ?";
  CHECK(scalar(c, constraint_sql, {"Friends", "Friends_ibfk_1"}) == "0");
  CHECK(scalar(c, constraint_sql, {"Friends", "Friends_ibfk_2"}) == "0");
  for (const char* table : {"Users", "Friends", "Messages", "Notifies", "MessageReads"}) {
    CHECK(scalar(c,
                 "SELECT TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                 "DATABASE() AND TABLE_NAME = ?",
                 {table}) == "utf8mb4_general_ci");
  }
  const char* type_sql =
      "SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND "
      "TABLE_NAME = ? AND COLUMN_NAME = ?";
  CHECK(scalar(c, type_sql, {"Messages", "content"}) == "text");
  CHECK(scalar(c, type_sql, {"Messages", "ext"}) == "varchar");
  CHECK(scalar(c, type_sql, {"Notifies", "ext"}) == "varchar");
  CHECK(scalar(c, "SELECT `ext` FROM `Messages` WHERE `msgId` = ?", {"m1"}) == "42");
  CHECK(scalar(c,
               "SELECT DELETE_RULE FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE "
               "CONSTRAINT_SCHEMA = DATABASE() AND CONSTRAINT_NAME = ?",
               {"Users_ibfk_1"}) == "RESTRICT");

  // Duplicates gone, the newest kept, the unique keys in place.
  auto setting = store->friends->friend_setting(10000, 10001);
  REQUIRE(setting.ok());
  REQUIRE(setting->has_value());
  CHECK((*setting)->remark == std::optional<std::string>("new"));
  CHECK(scalar(c, "SELECT COUNT(*) FROM `MessageReads` WHERE `sender` = ?", {1}) == "1");
  CHECK(scalar(c, "SELECT `lastRead` FROM `MessageReads` WHERE `sender` = ?", {1}) == "7");
  REQUIRE(store->messages->upsert_read(1, 2, 9, im_test::kNow).ok());
  CHECK(scalar(c, "SELECT `lastRead` FROM `MessageReads` WHERE `sender` = ?", {1}) == "9");

  // Existing rows kept; the operator's role 5 not overwritten; missing seeds added.
  auto admin = store->permissions->role_info(5);
  REQUIRE(admin.ok());
  REQUIRE(admin->has_value());
  CHECK((*admin)->role.desc == std::optional<std::string>("boss"));
  CHECK((*admin)->permissions.size() == 4);
  auto user_role = store->permissions->role_info(1);
  REQUIRE(user_role.ok());
  CHECK(user_role->has_value());

  // What the original could not do: agree (B7) and 4-byte UTF-8 (B20).
  auto third = im_test::add_user(*store, "13800000003");
  im_test::make_friends(*store, third.id, 10000);
  auto msg = im_test::chat(10000, 10001, 2);
  msg.content = "emoji 😀";
  im_test::send(*store, msg);
  CHECK(scalar(c, "SELECT `content` FROM `Messages` WHERE `msgId` = ?", {msg.msg_id}) == "emoji 😀");
}
#endif
