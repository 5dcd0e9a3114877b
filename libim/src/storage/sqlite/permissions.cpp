// Roles and permissions (docs/contract/data-model.md 2.2-2.4, 3).
#include "storage/sqlite/rows.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace im::sqlite {
namespace {

std::optional<Role> load_role(Db& db, std::int64_t id) {
  static const std::string sql =
      std::string("SELECT ") + kColumns.role + R"sql( FROM "Roles" ro WHERE ro."id" = ?)sql";
  auto st = db.prepare(sql);
  if (!st.bind(id).step()) return std::nullopt;
  return read_role(st);
}

class Permissions final : public PermissionStore, private Tables {
 public:
  using Tables::Tables;

  StoreResult<std::optional<RoleInfo>> role_info(std::int64_t role_id) override {
    return database_->guarded([&]() -> std::optional<RoleInfo> {
      auto role = load_role(db_, role_id);
      if (!role) return std::nullopt;
      RoleInfo info{std::move(*role), {}};
      static const std::string sql =
          std::string("SELECT ") + kColumns.permission +
          R"sql( FROM "RolePermissions" rp JOIN "Permissions" p ON p."id" = rp."permId"
                 WHERE rp."roleId" = ? ORDER BY p."id" ASC)sql";
      info.permissions =
          db_.prepare(sql).bind(role_id).all([](const Stmt& row) { return read_permission(row); });
      return info;
    });
  }

  StoreResult<Permission> create_permission(std::string_view name,
                                            const std::optional<std::string>& desc,
                                            Seconds now) override {
    return database_->guarded([&] {
      const auto ts = db_time(now);
      auto st = db_.prepare(
          R"sql(INSERT INTO "Permissions" ("name", "desc", "createdAt", "updatedAt")
                VALUES (?, ?, ?, ?))sql");
      st.bind(name, desc, ts, ts).run();
      return Permission{db_.last_insert_rowid(), std::string(name), desc, now, now};
    });
  }

  StoreResult<Role> create_role(std::string_view name, const std::optional<std::string>& desc,
                                std::span<const std::int64_t> permission_ids,
                                Seconds now) override {
    return database_->guarded([&] {
      Transaction tx(db_);
      const auto ts = db_time(now);
      auto st = db_.prepare(
          R"sql(INSERT INTO "Roles" ("name", "desc", "createdAt", "updatedAt")
                VALUES (?, ?, ?, ?))sql");
      st.bind(name, desc, ts, ts).run();
      Role role{db_.last_insert_rowid(), std::string(name), desc, now, now};
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
};

}  // namespace

std::shared_ptr<PermissionStore> make_permission_store(std::shared_ptr<SqliteDatabase> database) {
  return std::make_shared<Permissions>(std::move(database));
}

}  // namespace im::sqlite
