#include "server/adapters/mariadb/schema.hpp"

#include <string>
#include <vector>

#include "im/log_format.hpp"
#include "server/adapters/mariadb/db_error.hpp"
#include "server/adapters/mariadb/rows.hpp"

namespace im::host::mariadb {

namespace {

constexpr const char* kTableOptions =
    " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci";

// docs/contract/data-model.md 7, in foreign-key order, plus the adapter's own two tables.
const std::vector<std::string>& create_statements() {
  static const std::vector<std::string> stmts = {
      R"(CREATE TABLE IF NOT EXISTS `Roles` (
  `id` INT NOT NULL AUTO_INCREMENT, `name` VARCHAR(255) NOT NULL, `desc` VARCHAR(255) NULL,
  `createdAt` DATETIME NULL, `updatedAt` DATETIME NULL,
  PRIMARY KEY (`id`), UNIQUE KEY `name` (`name`)))",
      R"(CREATE TABLE IF NOT EXISTS `Permissions` (
  `id` INT NOT NULL AUTO_INCREMENT, `name` VARCHAR(255) NOT NULL, `desc` VARCHAR(255) NULL,
  `createdAt` DATETIME NOT NULL, `updatedAt` DATETIME NOT NULL,
  PRIMARY KEY (`id`), UNIQUE KEY `name` (`name`)))",
      R"(CREATE TABLE IF NOT EXISTS `RolePermissions` (
  `roleId` INT NOT NULL, `permId` INT NOT NULL,
  `createdAt` DATETIME NOT NULL, `updatedAt` DATETIME NOT NULL,
  PRIMARY KEY (`roleId`, `permId`), KEY `permId` (`permId`),
  CONSTRAINT `RolePermissions_ibfk_1` FOREIGN KEY (`roleId`) REFERENCES `Roles` (`id`)
    ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT `RolePermissions_ibfk_2` FOREIGN KEY (`permId`) REFERENCES `Permissions` (`id`)
    ON DELETE CASCADE ON UPDATE CASCADE))",
      R"(CREATE TABLE IF NOT EXISTS `Users` (
  `id` INT NOT NULL AUTO_INCREMENT, `account` VARCHAR(11) NULL, `pwd` VARCHAR(255) NOT NULL,
  `avatar` VARCHAR(255) NULL, `email` VARCHAR(255) NULL,
  `regisTime` DATETIME NULL, `updateTime` DATETIME NULL, `roleId` INT NULL,
  PRIMARY KEY (`id`), UNIQUE KEY `account` (`account`), UNIQUE KEY `email` (`email`),
  KEY `roleId` (`roleId`),
  CONSTRAINT `Users_ibfk_1` FOREIGN KEY (`roleId`) REFERENCES `Roles` (`id`)
    ON DELETE RESTRICT ON UPDATE CASCADE) AUTO_INCREMENT=10000)",
      R"(CREATE TABLE IF NOT EXISTS `Friends` (
  `id` INT NOT NULL AUTO_INCREMENT, `createdAt` DATETIME NULL, `updatedAt` DATETIME NULL,
  `userId` INT NULL, `friendId` INT NULL,
  PRIMARY KEY (`id`), KEY `userId` (`userId`), KEY `friendId` (`friendId`)))",
      R"(CREATE TABLE IF NOT EXISTS `FriendSettings` (
  `id` INT NOT NULL AUTO_INCREMENT, `userId` INT NOT NULL, `friendId` INT NOT NULL,
  `remark` VARCHAR(255) NULL, `astrolabe` TINYINT(1) NOT NULL DEFAULT 0,
  `block` TINYINT(1) NOT NULL DEFAULT 0, `createdAt` DATETIME NULL, `updatedAt` DATETIME NULL,
  PRIMARY KEY (`id`), UNIQUE KEY `FriendSettings_userId_friendId` (`userId`, `friendId`),
  KEY `friendId` (`friendId`),
  CONSTRAINT `FriendSettings_ibfk_1` FOREIGN KEY (`friendId`) REFERENCES `Users` (`id`)
    ON DELETE NO ACTION ON UPDATE CASCADE))",
      R"(CREATE TABLE IF NOT EXISTS `Groups` (
  `id` INT NOT NULL AUTO_INCREMENT, `name` VARCHAR(255) NULL, `avatar` VARCHAR(255) NULL,
  `type` INT NOT NULL, `creator` INT NOT NULL,
  `createdAt` DATETIME NULL, `updatedAt` DATETIME NULL, PRIMARY KEY (`id`)))",
      R"(CREATE TABLE IF NOT EXISTS `Members` (
  `id` INT NOT NULL AUTO_INCREMENT, `groupId` INT NOT NULL, `userId` INT NOT NULL,
  `createdAt` DATETIME NULL, `updatedAt` DATETIME NULL,
  PRIMARY KEY (`id`), UNIQUE KEY `Members_userId_groupId_unique` (`groupId`, `userId`),
  KEY `userId` (`userId`),
  CONSTRAINT `Members_ibfk_1` FOREIGN KEY (`groupId`) REFERENCES `Groups` (`id`)
    ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT `Members_ibfk_2` FOREIGN KEY (`userId`) REFERENCES `Users` (`id`)
    ON DELETE CASCADE ON UPDATE CASCADE))",
      R"(CREATE TABLE IF NOT EXISTS `Messages` (
  `id` BIGINT NOT NULL AUTO_INCREMENT, `msgId` VARCHAR(255) NOT NULL,
  `type` VARCHAR(255) NOT NULL, `sender` INT NOT NULL, `groupId` INT NULL,
  `receiver` INT NOT NULL, `content` TEXT NULL, `timer` BIGINT NOT NULL,
  `ext` VARCHAR(255) NULL, `createdAt` DATETIME NULL, `updatedAt` DATETIME NULL,
  PRIMARY KEY (`id`), UNIQUE KEY `msgId` (`msgId`), KEY `sender` (`sender`),
  KEY `Messages_receiver_id` (`receiver`, `id`), KEY `Messages_groupId_id` (`groupId`, `id`),
  CONSTRAINT `Messages_ibfk_1` FOREIGN KEY (`sender`) REFERENCES `Users` (`id`)
    ON DELETE NO ACTION ON UPDATE CASCADE))",
      R"(CREATE TABLE IF NOT EXISTS `MessageAcks` (
  `receiver` INT NOT NULL, `lastAck` BIGINT NULL, `lastAckErr` BIGINT NULL,
  `createdAt` DATETIME NULL, `updatedAt` DATETIME NULL, PRIMARY KEY (`receiver`)))",
      R"(CREATE TABLE IF NOT EXISTS `MessageReads` (
  `id` INT NOT NULL AUTO_INCREMENT, `sender` INT NOT NULL, `receiver` INT NOT NULL,
  `lastRead` BIGINT NULL, `createdAt` DATETIME NULL, `updatedAt` DATETIME NULL,
  PRIMARY KEY (`id`), UNIQUE KEY `MessageReads_sender_receiver` (`sender`, `receiver`)))",
      R"(CREATE TABLE IF NOT EXISTS `Notifies` (
  `id` VARCHAR(255) NOT NULL, `type` INT NULL, `sender` INT NOT NULL, `receiver` INT NOT NULL,
  `status` INT NOT NULL, `timer` BIGINT NOT NULL, `remark` VARCHAR(255) NULL,
  `ext` VARCHAR(255) NULL, `createdAt` DATETIME NULL, `updatedAt` DATETIME NULL,
  PRIMARY KEY (`id`), KEY `sender` (`sender`),
  KEY `Notifies_receiver_status` (`receiver`, `status`),
  CONSTRAINT `Notifies_ibfk_1` FOREIGN KEY (`sender`) REFERENCES `Users` (`id`)
    ON DELETE NO ACTION ON UPDATE CASCADE))",
      R"(CREATE TABLE IF NOT EXISTS `Electrons` (
  `id` INT NOT NULL AUTO_INCREMENT, `platform` VARCHAR(255) NOT NULL,
  `archs` VARCHAR(255) NOT NULL, `version` VARCHAR(255) NOT NULL,
  `actived` TINYINT(1) NULL DEFAULT 0, `type` VARCHAR(255) NOT NULL, `ext` VARCHAR(255) NULL,
  `remark` VARCHAR(255) NULL, `forceUpdate` TINYINT(1) NULL DEFAULT 0,
  `createdAt` DATETIME NULL, `updatedAt` DATETIME NULL, PRIMARY KEY (`id`)))",
      // Crash-safe delivery bookkeeping (docs/contract/realtime.md 8.2): one row per unconfirmed
      // delivery.
      R"(CREATE TABLE IF NOT EXISTS `PendingDeliveries` (
  `receiver` INT NOT NULL, `messageId` BIGINT NOT NULL, PRIMARY KEY (`receiver`, `messageId`)))",
      R"(CREATE TABLE IF NOT EXISTS `SchemaMigrations` (
  `version` INT NOT NULL, `appliedAt` DATETIME NULL, PRIMARY KEY (`version`)))",
  };
  return stmts;
}

const char* const kTables[] = {"Roles",     "Permissions",       "RolePermissions", "Users",
                               "Friends",   "FriendSettings",    "Groups",          "Members",
                               "Messages",  "MessageAcks",       "MessageReads",    "Notifies",
                               "Electrons", "PendingDeliveries", "SchemaMigrations"};

bool has_constraint(MariaDbConnection& c, const char* table, const char* name) {
  return !c.query(
               "SELECT 1 FROM information_schema.TABLE_CONSTRAINTS WHERE "
               "CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = ? AND CONSTRAINT_NAME = ?",
               {table, name})
              .empty();
}

bool has_index(MariaDbConnection& c, const char* table, const char* name) {
  return !c.query(
               "SELECT 1 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
               "AND TABLE_NAME = ? AND INDEX_NAME = ?",
               {table, name})
              .empty();
}

std::string column_type(MariaDbConnection& c, const char* table, const char* column) {
  auto rows = c.query(
      "SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
      "DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?",
      {table, column});
  return rows.empty() ? std::string() : rows[0].text(0);
}

// docs/contract/data-model.md 6: every step checks first, so running it again changes nothing.
void repair_original_schema(MariaDbConnection& c) {
  // 1. The friend foreign keys that broke every "agree" (B7).
  for (const char* fk : {"Friends_ibfk_1", "Friends_ibfk_2"}) {
    if (has_constraint(c, "Friends", fk)) {
      c.run(std::string("ALTER TABLE `Friends` DROP FOREIGN KEY `") + fk + "`");
    }
  }
  // 2. utf8mb4 everywhere (B20).
  for (const char* table : kTables) {
    auto rows = c.query(
        "SELECT TABLE_COLLATION FROM information_schema.TABLES WHERE "
        "TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
        {table});
    if (!rows.empty() && rows[0].text(0) != "utf8mb4_general_ci") {
      c.run(std::string("ALTER TABLE `") + table +
            "` CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
    }
  }
  // 3. Column types (J3, J4).
  if (column_type(c, "Messages", "content") != "text") {
    c.run("ALTER TABLE `Messages` MODIFY `content` TEXT NULL");
  }
  for (const char* table : {"Messages", "Notifies"}) {
    if (column_type(c, table, "ext") != "varchar") {
      c.run(std::string("ALTER TABLE `") + table + "` MODIFY `ext` VARCHAR(255) NULL");
    }
  }
  // 4. Duplicates, keeping the newest row, then the unique keys.
  if (!has_index(c, "FriendSettings", "FriendSettings_userId_friendId")) {
    c.run(
        "DELETE s1 FROM `FriendSettings` s1 JOIN `FriendSettings` s2 ON "
        "s1.`userId` = s2.`userId` AND s1.`friendId` = s2.`friendId` AND s1.`id` < s2.`id`");
    c.run(
        "ALTER TABLE `FriendSettings` ADD UNIQUE KEY `FriendSettings_userId_friendId` "
        "(`userId`, `friendId`)");
  }
  if (!has_index(c, "MessageReads", "MessageReads_sender_receiver")) {
    c.run(
        "DELETE r1 FROM `MessageReads` r1 JOIN `MessageReads` r2 ON "
        "r1.`sender` = r2.`sender` AND r1.`receiver` = r2.`receiver` AND r1.`id` < r2.`id`");
    c.run(
        "ALTER TABLE `MessageReads` ADD UNIQUE KEY `MessageReads_sender_receiver` "
        "(`sender`, `receiver`)");
  }
  // 5. Indexes for the offline pull and the notify list.
  if (!has_index(c, "Messages", "Messages_receiver_id")) {
    c.run("ALTER TABLE `Messages` ADD KEY `Messages_receiver_id` (`receiver`, `id`)");
  }
  if (!has_index(c, "Messages", "Messages_groupId_id")) {
    c.run("ALTER TABLE `Messages` ADD KEY `Messages_groupId_id` (`groupId`, `id`)");
  }
  if (!has_index(c, "Notifies", "Notifies_receiver_status")) {
    c.run("ALTER TABLE `Notifies` ADD KEY `Notifies_receiver_status` (`receiver`, `status`)");
  }
  // 7. Deleting a role must not delete its users (J29).
  auto rule = c.query(
      "SELECT DELETE_RULE FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE "
      "CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = 'Users' AND "
      "CONSTRAINT_NAME = 'Users_ibfk_1'");
  if (!rule.empty() && rule[0].text(0) == "CASCADE") {
    // Two statements: InnoDB refuses to drop and re-add one constraint name in a single ALTER.
    c.run("ALTER TABLE `Users` DROP FOREIGN KEY `Users_ibfk_1`");
    c.run(
        "ALTER TABLE `Users` ADD CONSTRAINT `Users_ibfk_1` FOREIGN KEY (`roleId`) "
        "REFERENCES `Roles` (`id`) ON DELETE RESTRICT ON UPDATE CASCADE");
  }
}

// docs/contract/data-model.md 3: insert what is absent, never overwrite an operator's change.
void insert_seeds(MariaDbConnection& c, Seconds now) {
  const std::string t = db_time(now);
  struct Seed {
    std::int64_t id;
    const char* name;
    const char* desc;
  };
  for (const Seed& p : {Seed{1, "userGet", "Get user info"}, Seed{2, "userDel", "Delete user"},
                        Seed{3, "permManage", "Manage roles and permissions"},
                        Seed{4, "releaseUpload", "Upload Electron releases"}}) {
    c.exec(
        "INSERT IGNORE INTO `Permissions` (`id`, `name`, `desc`, `createdAt`, `updatedAt`) "
        "VALUES (?, ?, ?, ?, ?)",
        {p.id, p.name, p.desc, t, t});
  }
  for (const Seed& r : {Seed{1, "user", "Normal user"}, Seed{5, "admin", "管理员"}}) {
    c.exec(
        "INSERT IGNORE INTO `Roles` (`id`, `name`, `desc`, `createdAt`, `updatedAt`) "
        "VALUES (?, ?, ?, ?, ?)",
        {r.id, r.name, r.desc, t, t});
  }
  // docs/contract/data-model.md 6, step 6: a seed id taken by another name stays as it is; the
  // operator is told, because permission checks compare ids.
  for (const Seed& p : {Seed{1, "userGet", ""}, Seed{2, "userDel", ""}, Seed{3, "permManage", ""},
                        Seed{4, "releaseUpload", ""}}) {
    auto rows = c.query("SELECT `name` FROM `Permissions` WHERE `id` = ?", {p.id});
    if (!rows.empty() && rows[0].text(0) != p.name) {
      log::warn("Permissions id {} is '{}', expected '{}'; permission checks use the id", p.id,
                rows[0].text(0), p.name);
    }
  }
  for (const Seed& r : {Seed{1, "user", ""}, Seed{5, "admin", ""}}) {
    auto rows = c.query("SELECT `name` FROM `Roles` WHERE `id` = ?", {r.id});
    if (!rows.empty() && rows[0].text(0) != r.name) {
      log::warn("Roles id {} is '{}', expected '{}'", r.id, rows[0].text(0), r.name);
    }
  }
  const std::pair<int, int> grants[] = {{1, 1}, {5, 1}, {5, 2}, {5, 3}, {5, 4}};
  for (auto [role, perm] : grants) {
    // Only when both ends exist (an operator may have removed one); never an FK error.
    c.exec(
        "INSERT IGNORE INTO `RolePermissions` (`roleId`, `permId`, `createdAt`, `updatedAt`) "
        "SELECT r.`id`, p.`id`, ?, ? FROM `Roles` r JOIN `Permissions` p "
        "WHERE r.`id` = ? AND p.`id` = ?",
        {t, t, role, perm});
  }
}

struct Migration {
  int version;
  void (*apply)(MariaDbConnection&);
};

// Version 1 is the baseline: section 7 tables plus the section 6 repairs. Later schema changes
// append a version here; each runs once per database.
const Migration kMigrations[] = {
    {1, [](MariaDbConnection& c) { repair_original_schema(c); }},
    // When each pending delivery was queued: recovery tells a dead node's records from the
    // in-flight ones of the live nodes sharing the database.
    {2,
     [](MariaDbConnection& c) {
       c.run(
           "ALTER TABLE `PendingDeliveries` ADD COLUMN IF NOT EXISTS `queuedAt` BIGINT NOT NULL "
           "DEFAULT 0");
     }},
    // The users each user has blocked (docs/protocol-extensions.md "Blocking"); a deleted user's
    // blocks, made or received, go with the user.
    {3,
     [](MariaDbConnection& c) {
       c.run(std::string(R"(CREATE TABLE IF NOT EXISTS `Blocks` (
  `userId` INT NOT NULL, `blockedId` INT NOT NULL, `createdAt` DATETIME NULL,
  PRIMARY KEY (`userId`, `blockedId`), KEY `Blocks_blockedId` (`blockedId`),
  CONSTRAINT `Blocks_ibfk_1` FOREIGN KEY (`userId`) REFERENCES `Users` (`id`)
    ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT `Blocks_ibfk_2` FOREIGN KEY (`blockedId`) REFERENCES `Users` (`id`)
    ON DELETE CASCADE ON UPDATE CASCADE))") +
             kTableOptions);
     }},
    // Who hides their presence (docs/protocol-extensions.md "Presence"); a user without a row
    // shows it. The row goes with the user.
    {4,
     [](MariaDbConnection& c) {
       c.run(std::string(R"(CREATE TABLE IF NOT EXISTS `PresenceSettings` (
  `userId` INT NOT NULL, `hidden` TINYINT(1) NOT NULL DEFAULT 0, PRIMARY KEY (`userId`),
  CONSTRAINT `PresenceSettings_ibfk_1` FOREIGN KEY (`userId`) REFERENCES `Users` (`id`)
    ON DELETE CASCADE ON UPDATE CASCADE))") +
             kTableOptions);
     }},
    // The admin API (docs/operations.md "Admin API"): banned users (a deleted user's ban goes
    // with the user) and the audit log (kept when its actor is deleted: no foreign key).
    {5,
     [](MariaDbConnection& c) {
       c.run(std::string(R"(CREATE TABLE IF NOT EXISTS `Bans` (
  `userId` INT NOT NULL, `bannedBy` INT NOT NULL, `createdAt` DATETIME NULL,
  PRIMARY KEY (`userId`),
  CONSTRAINT `Bans_ibfk_1` FOREIGN KEY (`userId`) REFERENCES `Users` (`id`)
    ON DELETE CASCADE ON UPDATE CASCADE))") +
             kTableOptions);
       c.run(std::string(R"(CREATE TABLE IF NOT EXISTS `AuditLog` (
  `id` BIGINT NOT NULL AUTO_INCREMENT, `actor` INT NOT NULL, `action` VARCHAR(64) NOT NULL,
  `target` VARCHAR(255) NOT NULL, `detail` TEXT NOT NULL, `createdAt` DATETIME NULL,
  PRIMARY KEY (`id`)))") +
             kTableOptions);
     }},
    // Multi-device sync, recall and edit (docs/protocol-extensions.md): each message's latest
    // change has a seq from the one-row SyncClock. The rows stored before take their id; the
    // clock starts above them.
    {6,
     [](MariaDbConnection& c) {
       c.run(
           "ALTER TABLE `Messages` ADD COLUMN IF NOT EXISTS `seq` BIGINT NOT NULL DEFAULT 0, "
           "ADD COLUMN IF NOT EXISTS `state` TINYINT NOT NULL DEFAULT 0, "
           "ADD KEY IF NOT EXISTS `Messages_sender_seq` (`sender`, `seq`), "
           "ADD KEY IF NOT EXISTS `Messages_receiver_seq` (`receiver`, `seq`)");
       c.run("UPDATE `Messages` SET `seq` = `id`");
       c.run(std::string("CREATE TABLE IF NOT EXISTS `SyncClock` (`seq` BIGINT NOT NULL)") +
             kTableOptions);
       c.run("INSERT INTO `SyncClock` (`seq`) SELECT COALESCE(MAX(`id`), 0) FROM `Messages`");
     }},
    // The offline push webhook's outbox (docs/operations.md "Offline push webhook"), times in
    // epoch milliseconds; `claimedBy`/`claimedUntil` are a sender's lease on a row.
    {7,
     [](MariaDbConnection& c) {
       c.run(std::string(R"(CREATE TABLE IF NOT EXISTS `PushOutbox` (
  `id` BIGINT NOT NULL AUTO_INCREMENT, `eventKey` VARCHAR(191) NOT NULL, `body` TEXT NOT NULL,
  `attempts` INT NOT NULL DEFAULT 0, `createdAt` BIGINT NOT NULL, `nextAt` BIGINT NOT NULL,
  `claimedBy` VARCHAR(64) NULL, `claimedUntil` BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (`id`),
  UNIQUE KEY `PushOutbox_eventKey` (`eventKey`), KEY `PushOutbox_nextAt` (`nextAt`),
  KEY `PushOutbox_claimedBy` (`claimedBy`)))") +
             kTableOptions);
     }},
};

}  // namespace

bool consecutive_autoinc(MariaDbConnection& c) {
  auto rows = c.query("SELECT @@innodb_autoinc_lock_mode, @@auto_increment_increment");
  return !rows.empty() && rows[0].i64(0) <= 1 && rows[0].i64(1) == 1;
}

void migrate_schema(MariaDbConnection& c, Seconds now) {
  auto lock = c.query("SELECT GET_LOCK(CONCAT(DATABASE(), '.im_migrate'), 60)");
  if (lock.empty() || lock[0].i64(0) != 1) {
    throw DbError(StoreErrc::unavailable, 0, "could not take the migration lock");
  }
  struct Unlock {
    MariaDbConnection& c;
    ~Unlock() {
      try {
        c.query("SELECT RELEASE_LOCK(CONCAT(DATABASE(), '.im_migrate'))");
      } catch (...) {
      }
    }
  } unlock{c};

  for (const std::string& sql : create_statements()) c.run(sql + kTableOptions);
  for (const Migration& m : kMigrations) {
    if (!c.query("SELECT 1 FROM `SchemaMigrations` WHERE `version` = ?", {m.version}).empty()) {
      continue;
    }
    m.apply(c);
    c.exec("INSERT INTO `SchemaMigrations` (`version`, `appliedAt`) VALUES (?, ?)",
           {m.version, db_time(now)});
  }
  insert_seeds(c, now);
}

}  // namespace im::host::mariadb
