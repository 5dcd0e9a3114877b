// Users, roles and permissions (docs/contract/data-model.md 2.1-2.4, 3).
#include <algorithm>

#include "storage/sqlite/rows.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace im::sqlite {
namespace {

std::optional<User> load_user(Db& db, UserId id) {
  static const std::string sql =
      std::string("SELECT ") + kUserColumns + R"sql( FROM "Users" u WHERE u."id" = ?)sql";
  auto st = db.prepare(sql);
  if (!st.bind(id).step()) return std::nullopt;
  return read_user(st);
}

std::optional<Role> load_role(Db& db, std::int64_t id) {
  auto st = db.prepare(
      R"sql(SELECT "id", "name", "desc", "createdAt", "updatedAt" FROM "Roles" WHERE "id" = ?)sql");
  if (!st.bind(id).step()) return std::nullopt;
  Role r;
  r.id = st.i64(0);
  r.name = st.text(1);
  r.desc = st.opt_text(2);
  r.created_at = st.opt_time(3);
  r.updated_at = st.opt_time(4);
  return r;
}

}  // namespace

StoreResult<User> SqliteStore::create_user(const NewUser& user) {
  return guarded([&] {
    const auto ts = db_time(user.now);
    auto st = db_.prepare(
        R"sql(INSERT INTO "Users" ("account", "pwd", "avatar", "email", "regisTime", "updateTime",
                                   "roleId") VALUES (?, ?, ?, ?, ?, ?, ?))sql");
    st.bind(user.account, user.pwd_hash, user.avatar, user.email, ts, ts, user.role_id).run();
    User u;
    u.id = db_.last_insert_rowid();
    u.account = user.account;
    u.pwd_hash = user.pwd_hash;
    u.avatar = user.avatar;
    u.email = user.email;
    u.regis_time = user.now;
    u.update_time = user.now;
    u.role_id = user.role_id;
    return u;
  });
}

StoreResult<std::optional<User>> SqliteStore::find_user(UserId id) {
  return guarded([&] { return load_user(db_, id); });
}

StoreResult<std::optional<User>> SqliteStore::find_user_by_account(std::string_view account) {
  return guarded([&]() -> std::optional<User> {
    static const std::string sql =
        std::string("SELECT ") + kUserColumns + R"sql( FROM "Users" u WHERE u."account" = ?)sql";
    auto st = db_.prepare(sql);
    if (!st.bind(account).step()) return std::nullopt;
    return read_user(st);
  });
}

StoreResult<std::vector<User>> SqliteStore::find_users(std::span<const UserId> ids) {
  return guarded([&] {
    // One indexed lookup per id keeps the statement fixed (and cached) for any list length.
    std::vector<UserId> wanted(ids.begin(), ids.end());
    std::sort(wanted.begin(), wanted.end());
    wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
    std::vector<User> users;
    for (UserId id : wanted)
      if (auto u = load_user(db_, id)) users.push_back(std::move(*u));
    return users;
  });
}

StoreResult<std::optional<User>> SqliteStore::update_user(UserId id, const UserPatch& patch,
                                                          Seconds now) {
  return guarded([&]() -> std::optional<User> {
    Transaction tx(db_);
    // Absent keys keep their column; present ones (even null) are written (storage.hpp Patch).
    // One fixed statement with "apply" flags instead of SQL assembled per patch shape.
    auto st = db_.prepare(
        R"sql(UPDATE "Users" SET "updateTime" = ?1,
                "email" = CASE WHEN ?3 THEN ?4 ELSE "email" END,
                "avatar" = CASE WHEN ?5 THEN ?6 ELSE "avatar" END
              WHERE "id" = ?2)sql");
    st.bind(db_time(now), id, patch.email.has_value(), patch.email.value_or(std::nullopt),
            patch.avatar.has_value(), patch.avatar.value_or(std::nullopt));
    if (st.run() == 0) return std::nullopt;
    auto user = load_user(db_, id);
    tx.commit();
    return user;
  });
}

StoreResult<bool> SqliteStore::delete_user(UserId id) {
  return guarded([&] {
    Transaction tx(db_);
    // Members rows cascade; rows that still reference the user as sender or friend make the
    // delete fail with foreign_key and the transaction roll back (J13).
    auto pending = db_.prepare(R"sql(DELETE FROM "PendingDeliveries" WHERE "receiver" = ?)sql");
    pending.bind(id).run();
    auto st = db_.prepare(R"sql(DELETE FROM "Users" WHERE "id" = ?)sql");
    bool deleted = st.bind(id).run() > 0;
    tx.commit();
    return deleted;
  });
}

StoreResult<std::optional<RoleInfo>> SqliteStore::role_info(std::int64_t role_id) {
  return guarded([&]() -> std::optional<RoleInfo> {
    auto role = load_role(db_, role_id);
    if (!role) return std::nullopt;
    RoleInfo info{std::move(*role), {}};
    static const std::string sql =
        std::string("SELECT ") + kPermissionColumns +
        R"sql( FROM "RolePermissions" rp JOIN "Permissions" p ON p."id" = rp."permId"
               WHERE rp."roleId" = ? ORDER BY p."id" ASC)sql";
    auto st = db_.prepare(sql);
    st.bind(role_id);
    while (st.step()) info.permissions.push_back(read_permission(st));
    return info;
  });
}

StoreResult<Permission> SqliteStore::create_permission(std::string_view name,
                                                       const std::optional<std::string>& desc,
                                                       Seconds now) {
  return guarded([&] {
    const auto ts = db_time(now);
    auto st = db_.prepare(
        R"sql(INSERT INTO "Permissions" ("name", "desc", "createdAt", "updatedAt")
              VALUES (?, ?, ?, ?))sql");
    st.bind(name, desc, ts, ts).run();
    Permission p;
    p.id = db_.last_insert_rowid();
    p.name = std::string(name);
    p.desc = desc;
    p.created_at = p.updated_at = now;
    return p;
  });
}

StoreResult<Role> SqliteStore::create_role(std::string_view name,
                                           const std::optional<std::string>& desc,
                                           std::span<const std::int64_t> permission_ids,
                                           Seconds now) {
  return guarded([&] {
    Transaction tx(db_);
    const auto ts = db_time(now);
    auto st = db_.prepare(
        R"sql(INSERT INTO "Roles" ("name", "desc", "createdAt", "updatedAt")
              VALUES (?, ?, ?, ?))sql");
    st.bind(name, desc, ts, ts).run();
    Role role;
    role.id = db_.last_insert_rowid();
    role.name = std::string(name);
    role.desc = desc;
    role.created_at = role.updated_at = now;
    // An unknown permission id fails the foreign key and rolls the role back too.
    for (auto perm : permission_ids) {
      auto link = db_.prepare(
          R"sql(INSERT INTO "RolePermissions" ("roleId", "permId", "createdAt", "updatedAt")
                VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING)sql");
      link.bind(role.id, perm, ts, ts).run();
    }
    tx.commit();
    return role;
  });
}

}  // namespace im::sqlite
