// Users, roles and permissions.
#include <algorithm>

#include "server/adapters/mariadb/rows.hpp"
#include "server/adapters/mariadb/store.hpp"

namespace im::host::mariadb {

namespace {

std::optional<User> user_by_id(Connection& c, UserId id) {
  auto rows =
      c.query(std::string("SELECT ") + kUserCols + " FROM `Users` u WHERE u.`id` = ?", {id});
  if (rows.empty()) return std::nullopt;
  return read_user(rows[0]);
}

}  // namespace

StoreResult<User> MariaDbStorage::create_user(const NewUser& nu) {
  return run([&](Lease& l) {
    const std::string t = db_time(nu.now);
    l->exec(
        "INSERT INTO `Users` (`account`, `pwd`, `avatar`, `email`, `regisTime`, "
        "`updateTime`, `roleId`) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {nu.account, nu.pwd_hash, nu.avatar, nu.email, t, t, nu.role_id});
    User u;
    u.id = static_cast<UserId>(l->last_insert_id());
    u.account = nu.account;
    u.pwd_hash = nu.pwd_hash;
    u.avatar = nu.avatar;
    u.email = nu.email;
    u.regis_time = nu.now;
    u.update_time = nu.now;
    u.role_id = nu.role_id;
    return u;
  });
}

StoreResult<std::optional<User>> MariaDbStorage::find_user(UserId id) {
  return run([&](Lease& l) { return user_by_id(*l, id); });
}

StoreResult<std::optional<User>> MariaDbStorage::find_user_by_account(std::string_view account) {
  return run([&](Lease& l) -> std::optional<User> {
    auto rows = l->query(
        std::string("SELECT ") + kUserCols + " FROM `Users` u WHERE u.`account` = ?", {account});
    if (rows.empty()) return std::nullopt;
    return read_user(rows[0]);
  });
}

StoreResult<std::vector<User>> MariaDbStorage::find_users(std::span<const UserId> ids) {
  return run([&](Lease& l) {
    std::vector<User> users;
    if (ids.empty()) return users;
    std::vector<UserId> unique(ids.begin(), ids.end());
    std::sort(unique.begin(), unique.end());
    unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
    // Chunks keep the number of distinct cached statement texts small.
    constexpr std::size_t kChunk = 100;
    for (std::size_t i = 0; i < unique.size(); i += kChunk) {
      std::size_t n = std::min(kChunk, unique.size() - i);
      Params params(unique.begin() + i, unique.begin() + i + n);
      for (const Row& r :
           l->query(std::string("SELECT ") + kUserCols + " FROM `Users` u WHERE u.`id` IN (" +
                        placeholders(n) + ") ORDER BY u.`id`",
                    params)) {
        users.push_back(read_user(r));
      }
    }
    return users;
  });
}

StoreResult<std::optional<User>> MariaDbStorage::update_user(UserId id, const UserPatch& patch,
                                                             Seconds now) {
  return run_tx([&](Lease& l) -> std::optional<User> {
    std::string sql = "UPDATE `Users` SET `updateTime` = ?";
    const std::string t = db_time(now);
    Params params{t};
    if (patch.email) {
      sql += ", `email` = ?";
      params.emplace_back(*patch.email);
    }
    if (patch.avatar) {
      sql += ", `avatar` = ?";
      params.emplace_back(*patch.avatar);
    }
    sql += " WHERE `id` = ?";
    params.emplace_back(id);
    if (l->exec(sql, params) == 0) return std::nullopt;
    return user_by_id(*l, id);
  });
}

StoreResult<bool> MariaDbStorage::delete_user(UserId id) {
  return run([&](Lease& l) { return l->exec("DELETE FROM `Users` WHERE `id` = ?", {id}) > 0; });
}

StoreResult<std::optional<RoleInfo>> MariaDbStorage::role_info(std::int64_t role_id) {
  return run([&](Lease& l) -> std::optional<RoleInfo> {
    auto roles = l->query(
        "SELECT `id`, `name`, `desc`, `createdAt`, `updatedAt` FROM `Roles` WHERE `id` = ?",
        {role_id});
    if (roles.empty()) return std::nullopt;
    RoleInfo info;
    const Row& r = roles[0];
    info.role = Role{r.i64(0), r.str(1), r.opt_str(2), r.time(3), r.time(4)};
    for (const Row& p :
         l->query("SELECT p.`id`, p.`name`, p.`desc`, p.`createdAt`, p.`updatedAt` FROM "
                  "`RolePermissions` rp JOIN `Permissions` p ON p.`id` = rp.`permId` "
                  "WHERE rp.`roleId` = ? ORDER BY p.`id`",
                  {role_id})) {
      info.permissions.push_back(Permission{p.i64(0), p.str(1), p.opt_str(2), p.time(3).value_or(0),
                                            p.time(4).value_or(0)});
    }
    return info;
  });
}

StoreResult<Permission> MariaDbStorage::create_permission(std::string_view name,
                                                          const std::optional<std::string>& desc,
                                                          Seconds now) {
  return run([&](Lease& l) {
    const std::string t = db_time(now);
    l->exec(
        "INSERT INTO `Permissions` (`name`, `desc`, `createdAt`, `updatedAt`) "
        "VALUES (?, ?, ?, ?)",
        {name, desc, t, t});
    return Permission{static_cast<std::int64_t>(l->last_insert_id()), std::string(name), desc, now,
                      now};
  });
}

StoreResult<Role> MariaDbStorage::create_role(std::string_view name,
                                              const std::optional<std::string>& desc,
                                              std::span<const std::int64_t> permission_ids,
                                              Seconds now) {
  return run_tx([&](Lease& l) {
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

}  // namespace im::host::mariadb
