// Roles and permissions (docs/contract/data-model.md 2.2-2.4, 3).
#include <algorithm>

#include "server/adapters/mariadb/rows.hpp"
#include "server/adapters/mariadb/store.hpp"

namespace im::host::mariadb {
namespace {

class Permissions final : public PermissionStore, private Tables {
 public:
  using Tables::Tables;

  StoreResult<std::optional<RoleInfo>> role_info(std::int64_t role_id) override {
    return database_->run([&](Lease& l) -> std::optional<RoleInfo> {
      auto roles = l->query(
          std::string("SELECT ") + kColumns.role + " FROM `Roles` ro WHERE ro.`id` = ?", {role_id});
      if (roles.empty()) return std::nullopt;
      RoleInfo info;
      info.role = read_role(roles[0]);
      for (const Row& p : l->query(std::string("SELECT ") + kColumns.permission +
                                       " FROM `RolePermissions` rp JOIN `Permissions` p ON "
                                       "p.`id` = rp.`permId` WHERE rp.`roleId` = ? ORDER BY p.`id`",
                                   {role_id})) {
        info.permissions.push_back(read_permission(p));
      }
      return info;
    });
  }

  StoreResult<Permission> create_permission(std::string_view name,
                                            const std::optional<std::string>& desc,
                                            Seconds now) override {
    return database_->run([&](Lease& l) {
      const std::string t = db_time(now);
      l->exec(
          "INSERT INTO `Permissions` (`name`, `desc`, `createdAt`, `updatedAt`) "
          "VALUES (?, ?, ?, ?)",
          {name, desc, t, t});
      return Permission{static_cast<std::int64_t>(l->last_insert_id()), std::string(name), desc,
                        now, now};
    });
  }

  StoreResult<Role> create_role(std::string_view name, const std::optional<std::string>& desc,
                                std::span<const std::int64_t> permission_ids,
                                Seconds now) override {
    return database_->run_tx([&](Lease& l) {
      const std::string t = db_time(now);
      l->exec("INSERT INTO `Roles` (`name`, `desc`, `createdAt`, `updatedAt`) VALUES (?, ?, ?, ?)",
              {name, desc, t, t});
      Role role{static_cast<std::int64_t>(l->last_insert_id()), std::string(name), desc, now, now};
      std::vector<std::int64_t> perms(permission_ids.begin(), permission_ids.end());
      std::sort(perms.begin(), perms.end());
      perms.erase(std::unique(perms.begin(), perms.end()), perms.end());
      // An unknown permission id raises a foreign-key error and the role insert rolls back.
      for (std::int64_t perm : perms) {
        l->exec(
            "INSERT INTO `RolePermissions` (`roleId`, `permId`, `createdAt`, `updatedAt`) "
            "VALUES (?, ?, ?, ?)",
            {role.id, perm, t, t});
      }
      return role;
    });
  }
};

}  // namespace

std::shared_ptr<PermissionStore> make_permission_store(std::shared_ptr<MariaDbDatabase> database) {
  return std::make_shared<Permissions>(std::move(database));
}

}  // namespace im::host::mariadb
