// Schema, migrations and seeds (docs/contract/data-model.md 2, 3, 7) for the embedded SQLite store.
//
// SQLite adaptations of the MariaDB DDL: AUTOINCREMENT keeps ids from ever being reused (like
// AUTO_INCREMENT; message ids must only grow, docs/contract/data-model.md 1.4); COLLATE NOCASE
// stands in for utf8mb4_general_ci on the case-insensitive unique keys; DATETIME columns are TEXT
// holding the UTC+08:00 wall clock (docs/contract/data-model.md 1.3).
#include <chrono>
#include <stdexcept>

#include "im/log_format.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace im::sqlite {
namespace {

// Version 1: every table of docs/contract/data-model.md 2, plus PendingDeliveries, the crash-safe
// record of deliveries whose outcome is not yet known (docs/contract/realtime.md 8.2,
// MessageStore::append_messages).
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE IF NOT EXISTS "Roles" (
  "id"        INTEGER PRIMARY KEY AUTOINCREMENT,
  "name"      TEXT NOT NULL COLLATE NOCASE UNIQUE,
  "desc"      TEXT NULL,
  "createdAt" TEXT NULL,
  "updatedAt" TEXT NULL
);
CREATE TABLE IF NOT EXISTS "Permissions" (
  "id"        INTEGER PRIMARY KEY AUTOINCREMENT,
  "name"      TEXT NOT NULL COLLATE NOCASE UNIQUE,
  "desc"      TEXT NULL,
  "createdAt" TEXT NOT NULL,
  "updatedAt" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "RolePermissions" (
  "roleId"    INTEGER NOT NULL REFERENCES "Roles" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "permId"    INTEGER NOT NULL REFERENCES "Permissions" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "createdAt" TEXT NOT NULL,
  "updatedAt" TEXT NOT NULL,
  PRIMARY KEY ("roleId", "permId")
);
CREATE INDEX IF NOT EXISTS "RolePermissions_permId" ON "RolePermissions" ("permId");
CREATE TABLE IF NOT EXISTS "Users" (
  "id"         INTEGER PRIMARY KEY AUTOINCREMENT,
  "account"    TEXT NULL COLLATE NOCASE UNIQUE,
  "pwd"        TEXT NOT NULL,
  "avatar"     TEXT NULL,
  "email"      TEXT NULL COLLATE NOCASE UNIQUE,
  "regisTime"  TEXT NULL,
  "updateTime" TEXT NULL,
  "roleId"     INTEGER NULL REFERENCES "Roles" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX IF NOT EXISTS "Users_roleId" ON "Users" ("roleId");
CREATE TABLE IF NOT EXISTS "Friends" (
  "id"        INTEGER PRIMARY KEY AUTOINCREMENT,
  "createdAt" TEXT NULL,
  "updatedAt" TEXT NULL,
  "userId"    INTEGER NULL,
  "friendId"  INTEGER NULL
);
CREATE INDEX IF NOT EXISTS "Friends_userId" ON "Friends" ("userId");
CREATE INDEX IF NOT EXISTS "Friends_friendId" ON "Friends" ("friendId");
CREATE TABLE IF NOT EXISTS "FriendSettings" (
  "id"        INTEGER PRIMARY KEY AUTOINCREMENT,
  "userId"    INTEGER NOT NULL,
  "friendId"  INTEGER NOT NULL REFERENCES "Users" ("id") ON DELETE NO ACTION ON UPDATE CASCADE,
  "remark"    TEXT NULL,
  "astrolabe" INTEGER NOT NULL DEFAULT 0,
  "block"     INTEGER NOT NULL DEFAULT 0,
  "createdAt" TEXT NULL,
  "updatedAt" TEXT NULL,
  UNIQUE ("userId", "friendId")
);
CREATE INDEX IF NOT EXISTS "FriendSettings_friendId" ON "FriendSettings" ("friendId");
CREATE TABLE IF NOT EXISTS "Groups" (
  "id"        INTEGER PRIMARY KEY AUTOINCREMENT,
  "name"      TEXT NULL,
  "avatar"    TEXT NULL,
  "type"      INTEGER NOT NULL,
  "creator"   INTEGER NOT NULL,
  "createdAt" TEXT NULL,
  "updatedAt" TEXT NULL
);
CREATE TABLE IF NOT EXISTS "Members" (
  "id"        INTEGER PRIMARY KEY AUTOINCREMENT,
  "groupId"   INTEGER NOT NULL REFERENCES "Groups" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "userId"    INTEGER NOT NULL REFERENCES "Users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "createdAt" TEXT NULL,
  "updatedAt" TEXT NULL,
  CONSTRAINT "Members_userId_groupId_unique" UNIQUE ("groupId", "userId")
);
CREATE INDEX IF NOT EXISTS "Members_userId" ON "Members" ("userId");
CREATE TABLE IF NOT EXISTS "Messages" (
  "id"        INTEGER PRIMARY KEY AUTOINCREMENT,
  "msgId"     TEXT NOT NULL COLLATE NOCASE UNIQUE,
  "type"      TEXT NOT NULL,
  "sender"    INTEGER NOT NULL REFERENCES "Users" ("id") ON DELETE NO ACTION ON UPDATE CASCADE,
  "groupId"   INTEGER NULL,
  "receiver"  INTEGER NOT NULL,
  "content"   TEXT NULL,
  "timer"     INTEGER NOT NULL,
  "ext"       TEXT NULL,
  "createdAt" TEXT NULL,
  "updatedAt" TEXT NULL
);
CREATE INDEX IF NOT EXISTS "Messages_sender" ON "Messages" ("sender");
CREATE INDEX IF NOT EXISTS "Messages_receiver_id" ON "Messages" ("receiver", "id");
CREATE INDEX IF NOT EXISTS "Messages_groupId_id" ON "Messages" ("groupId", "id");
CREATE TABLE IF NOT EXISTS "MessageAcks" (
  "receiver"   INTEGER NOT NULL PRIMARY KEY,
  "lastAck"    INTEGER NULL,
  "lastAckErr" INTEGER NULL,
  "createdAt"  TEXT NULL,
  "updatedAt"  TEXT NULL
);
CREATE TABLE IF NOT EXISTS "MessageReads" (
  "id"        INTEGER PRIMARY KEY AUTOINCREMENT,
  "sender"    INTEGER NOT NULL,
  "receiver"  INTEGER NOT NULL,
  "lastRead"  INTEGER NULL,
  "createdAt" TEXT NULL,
  "updatedAt" TEXT NULL,
  CONSTRAINT "MessageReads_sender_receiver" UNIQUE ("sender", "receiver")
);
CREATE TABLE IF NOT EXISTS "Notifies" (
  "id"        TEXT NOT NULL COLLATE NOCASE PRIMARY KEY,
  "type"      INTEGER NULL,
  "sender"    INTEGER NOT NULL REFERENCES "Users" ("id") ON DELETE NO ACTION ON UPDATE CASCADE,
  "receiver"  INTEGER NOT NULL,
  "status"    INTEGER NOT NULL,
  "timer"     INTEGER NOT NULL,
  "remark"    TEXT NULL,
  "ext"       TEXT NULL,
  "createdAt" TEXT NULL,
  "updatedAt" TEXT NULL
);
CREATE INDEX IF NOT EXISTS "Notifies_sender" ON "Notifies" ("sender");
CREATE INDEX IF NOT EXISTS "Notifies_receiver_status" ON "Notifies" ("receiver", "status");
CREATE TABLE IF NOT EXISTS "Electrons" (
  "id"          INTEGER PRIMARY KEY AUTOINCREMENT,
  "platform"    TEXT NOT NULL,
  "archs"       TEXT NOT NULL,
  "version"     TEXT NOT NULL,
  "actived"     INTEGER NULL DEFAULT 0,
  "type"        TEXT NOT NULL,
  "ext"         TEXT NULL,
  "remark"      TEXT NULL,
  "forceUpdate" INTEGER NULL DEFAULT 0,
  "createdAt"   TEXT NULL,
  "updatedAt"   TEXT NULL
);
CREATE TABLE IF NOT EXISTS "PendingDeliveries" (
  "receiver"  INTEGER NOT NULL,
  "messageId" INTEGER NOT NULL,
  PRIMARY KEY ("receiver", "messageId")
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS "PendingDeliveries_messageId" ON "PendingDeliveries" ("messageId");
-- docs/contract/data-model.md 1.4: user ids start at 10000 (the next AUTOINCREMENT value is seq + 1).
INSERT INTO "sqlite_sequence" ("name", "seq")
  SELECT 'Users', 9999 WHERE NOT EXISTS (SELECT 1 FROM "sqlite_sequence" WHERE "name" = 'Users');
)sql";

// Version 2: when each pending delivery was queued, so that recovery can tell the records of a
// crashed node from the in-flight ones of a live node sharing the database (issue 4).
constexpr const char* kSchemaV2 = R"sql(
ALTER TABLE "PendingDeliveries" ADD COLUMN "queuedAt" INTEGER NOT NULL DEFAULT 0;
)sql";

// Version 3: the users each user has blocked (docs/protocol-extensions.md "Blocking"). A deleted
// user's blocks, made or received, go with the user.
constexpr const char* kSchemaV3 = R"sql(
CREATE TABLE IF NOT EXISTS "Blocks" (
  "userId"    INTEGER NOT NULL REFERENCES "Users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "blockedId" INTEGER NOT NULL REFERENCES "Users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "createdAt" TEXT NULL,
  PRIMARY KEY ("userId", "blockedId")
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS "Blocks_blockedId" ON "Blocks" ("blockedId");
)sql";

// Version 4: the search index over the content of text messages (docs/protocol-extensions.md
// "Search"): FTS5 with the trigram tokenizer (substrings of 3 or more characters, Chinese as well
// as Latin text, ASCII case folded), an external-content table over Messages. Indexing costs
// about as much CPU as storing the message, so it stays off the message path: a search first
// indexes what was stored since "MessagesSearchState"."indexedUpTo" (HistoryStore). The triggers
// keep rows already indexed in step when their content changes or they go.
constexpr const char* kSchemaV4 = R"sql(
CREATE VIRTUAL TABLE IF NOT EXISTS "MessagesSearch" USING fts5(
  "content", content = 'Messages', content_rowid = 'id', tokenize = 'trigram');
CREATE TABLE IF NOT EXISTS "MessagesSearchState" ("indexedUpTo" INTEGER NOT NULL);
INSERT INTO "MessagesSearchState" ("indexedUpTo")
  SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM "MessagesSearchState");
CREATE TRIGGER IF NOT EXISTS "Messages_search_delete" AFTER DELETE ON "Messages"
  WHEN old."type" = 'text' AND old."id" <= (SELECT "indexedUpTo" FROM "MessagesSearchState")
BEGIN
  INSERT INTO "MessagesSearch" ("MessagesSearch", rowid, "content")
    VALUES ('delete', old."id", old."content");
END;
CREATE TRIGGER IF NOT EXISTS "Messages_search_update" AFTER UPDATE OF "content" ON "Messages"
  WHEN old."type" = 'text' AND old."id" <= (SELECT "indexedUpTo" FROM "MessagesSearchState")
BEGIN
  INSERT INTO "MessagesSearch" ("MessagesSearch", rowid, "content")
    VALUES ('delete', old."id", old."content");
  INSERT INTO "MessagesSearch" (rowid, "content") VALUES (new."id", new."content");
END;
)sql";

// Version 5: who hides their presence (docs/protocol-extensions.md "Presence"); a user without a
// row shows it. The row goes with the user.
constexpr const char* kSchemaV5 = R"sql(
CREATE TABLE IF NOT EXISTS "PresenceSettings" (
  "userId" INTEGER NOT NULL PRIMARY KEY REFERENCES "Users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "hidden" INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
)sql";

// Version 6: the admin API (docs/operations.md "Admin API"): banned users (a deleted user's ban
// goes with the user) and the audit log (kept when its actor is deleted: no foreign key).
constexpr const char* kSchemaV6 = R"sql(
CREATE TABLE IF NOT EXISTS "Bans" (
  "userId"    INTEGER NOT NULL PRIMARY KEY
              REFERENCES "Users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "bannedBy"  INTEGER NOT NULL,
  "createdAt" TEXT NULL
);
CREATE TABLE IF NOT EXISTS "AuditLog" (
  "id"        INTEGER PRIMARY KEY AUTOINCREMENT,
  "actor"     INTEGER NOT NULL,
  "action"    TEXT NOT NULL,
  "target"    TEXT NOT NULL,
  "detail"    TEXT NOT NULL,
  "createdAt" TEXT NULL
);
)sql";

// Version 7: multi-device sync, recall and edit (SyncStore). Each message's latest change has a
// seq from the one-row "SyncClock"; the rows stored before take their id, which is in commit order
// on the single writer. ("sender", "seq") serves every lookup by sender too, so the index on
// "sender" alone goes: each stored message updates one index more, not two.
constexpr const char* kSchemaV7 = R"sql(
ALTER TABLE "Messages" ADD COLUMN "seq" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Messages" ADD COLUMN "state" INTEGER NOT NULL DEFAULT 0;
UPDATE "Messages" SET "seq" = "id";
CREATE INDEX IF NOT EXISTS "Messages_sender_seq" ON "Messages" ("sender", "seq");
DROP INDEX IF EXISTS "Messages_sender";
CREATE INDEX IF NOT EXISTS "Messages_receiver_seq" ON "Messages" ("receiver", "seq");
CREATE TABLE IF NOT EXISTS "SyncClock" ("seq" INTEGER NOT NULL);
INSERT INTO "SyncClock" ("seq") SELECT COALESCE(MAX("id"), 0) FROM "Messages";
)sql";

// Version 8: the offline push webhook's outbox (docs/operations.md "Offline push webhook"), times
// in epoch milliseconds. "claimedBy"/"claimedUntil" are a sender's lease on a row.
constexpr const char* kSchemaV8 = R"sql(
CREATE TABLE IF NOT EXISTS "PushOutbox" (
  "id"           INTEGER PRIMARY KEY AUTOINCREMENT,
  "eventKey"     TEXT NOT NULL UNIQUE,
  "body"         TEXT NOT NULL,
  "attempts"     INTEGER NOT NULL DEFAULT 0,
  "createdAt"    INTEGER NOT NULL,
  "nextAt"       INTEGER NOT NULL,
  "claimedBy"    TEXT NULL,
  "claimedUntil" INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS "PushOutbox_nextAt" ON "PushOutbox" ("nextAt");
CREATE INDEX IF NOT EXISTS "PushOutbox_claimedBy" ON "PushOutbox" ("claimedBy");
)sql";

// Migration steps in order; step i brings the schema to version i + 1. Append, never edit.
constexpr const char* kMigrations[] = {kSchemaV1, kSchemaV2, kSchemaV3, kSchemaV4,
                                       kSchemaV5, kSchemaV6, kSchemaV7, kSchemaV8};
constexpr int kSchemaVersion = sizeof(kMigrations) / sizeof(kMigrations[0]);

struct SeedPermission {
  int id;
  const char* name;
  const char* desc;
};
struct SeedRole {
  int id;
  const char* name;
  const char* desc;
};

// docs/contract/data-model.md 3.
constexpr SeedPermission kSeedPermissions[] = {{1, "userGet", "Get user info"},
                                               {2, "userDel", "Delete user"},
                                               {3, "permManage", "Manage roles and permissions"},
                                               {4, "releaseUpload", "Upload Electron releases"}};
constexpr SeedRole kSeedRoles[] = {{1, "user", "Normal user"}, {5, "admin", "管理员"}};
constexpr int kSeedRolePermissions[][2] = {{1, 1}, {5, 1}, {5, 2}, {5, 3}, {5, 4}};

int current_version(Db& db) {
  db.exec(R"sql(CREATE TABLE IF NOT EXISTS "SchemaVersion" ("version" INTEGER NOT NULL))sql");
  auto st = db.prepare(R"sql(SELECT MAX("version") FROM "SchemaVersion")sql");
  return st.step() ? static_cast<int>(st.opt_i64(0).value_or(0)) : 0;
}

// Inserts only what is missing and never overwrites a row an operator changed; a seed id or name
// already taken by another row is left alone and reported (docs/contract/data-model.md 6, step 6).
void insert_seeds(Db& db, Seconds now) {
  const std::string ts = db_time(now);
  for (const auto& p : kSeedPermissions) {
    auto st = db.prepare(
        R"sql(INSERT INTO "Permissions" ("id", "name", "desc", "createdAt", "updatedAt")
              VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING)sql");
    if (st.bind(p.id, p.name, p.desc, ts, ts).run() == 0) {
      auto check = db.prepare(R"sql(SELECT "name" FROM "Permissions" WHERE "id" = ?)sql");
      if (!check.bind(p.id).step() || check.text(0) != p.name)
        log::warn("seed permission {} '{}' not inserted: id or name taken by another row", p.id,
                  p.name);
    }
  }
  for (const auto& r : kSeedRoles) {
    auto st = db.prepare(
        R"sql(INSERT INTO "Roles" ("id", "name", "desc", "createdAt", "updatedAt")
              VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING)sql");
    if (st.bind(r.id, r.name, r.desc, ts, ts).run() == 0) {
      auto check = db.prepare(R"sql(SELECT "name" FROM "Roles" WHERE "id" = ?)sql");
      if (!check.bind(r.id).step() || check.text(0) != r.name)
        log::warn("seed role {} '{}' not inserted: id or name taken by another row", r.id, r.name);
    }
  }
  for (const auto& rp : kSeedRolePermissions) {
    // Only when both ends exist, so a clash reported above does not abort the migration.
    auto st = db.prepare(
        R"sql(INSERT INTO "RolePermissions" ("roleId", "permId", "createdAt", "updatedAt")
              SELECT ?1, ?2, ?3, ?3
              WHERE EXISTS (SELECT 1 FROM "Roles" WHERE "id" = ?1)
                AND EXISTS (SELECT 1 FROM "Permissions" WHERE "id" = ?2)
              ON CONFLICT DO NOTHING)sql");
    st.bind(rp[0], rp[1], ts).run();
  }
}

}  // namespace

void SqliteDatabase::migrate() {
  std::lock_guard lock(mutex_);
  try {
    Transaction tx(db_);
    int version = current_version(db_);
    if (version > kSchemaVersion)
      throw std::runtime_error("the SQLite database has schema version " + std::to_string(version) +
                               ", newer than this server's " + std::to_string(kSchemaVersion));
    for (int v = version; v < kSchemaVersion; ++v) {
      db_.exec(kMigrations[v]);
      auto st = db_.prepare(R"sql(INSERT INTO "SchemaVersion" ("version") VALUES (?))sql");
      st.bind(v + 1).run();
    }
    auto now = std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
    insert_seeds(db_, now);
    tx.commit();
  } catch (const SqlError& e) {
    throw std::runtime_error(std::string("SQLite migration failed: ") + e.what());
  }
}

bool SqliteDatabase::ping() {
  auto r = guarded([&] {
    auto st = db_.prepare("SELECT 1");
    return st.step();
  });
  return r.ok() && r.value();
}

}  // namespace im::sqlite
