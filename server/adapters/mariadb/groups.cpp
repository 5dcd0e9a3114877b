// Groups and their members (docs/contract/http-api.md G1-G7).
#include <algorithm>
#include <set>

#include "server/adapters/mariadb/rows.hpp"
#include "server/adapters/mariadb/store.hpp"

namespace im::host::mariadb {

namespace {

// Inserts membership rows in chunks; an unknown user id raises a foreign-key error.
void insert_members(Connection& c, GroupId group, const std::vector<UserId>& users,
                    const std::string& t) {
  constexpr std::size_t kChunk = 100;
  for (std::size_t i = 0; i < users.size(); i += kChunk) {
    std::size_t n = std::min(kChunk, users.size() - i);
    Params params;
    params.reserve(n * 4);
    for (std::size_t k = 0; k < n; ++k) params.insert(params.end(), {group, users[i + k], t, t});
    c.exec("INSERT INTO `Members` (`groupId`, `userId`, `createdAt`, `updatedAt`) VALUES " +
               repeated("(?, ?, ?, ?)", n),
           params);
  }
}

}  // namespace

StoreResult<Group> MariaDbStorage::create_group(const NewGroup& ng, Seconds now) {
  return run_tx([&](Lease& l) {
    const std::string t = db_time(now);
    l->exec(
        "INSERT INTO `Groups` (`name`, `avatar`, `type`, `creator`, `createdAt`, "
        "`updatedAt`) VALUES (?, ?, ?, ?, ?, ?)",
        {ng.name, ng.avatar, ng.type, ng.creator, t, t});
    Group g;
    g.id = static_cast<GroupId>(l->last_insert_id());
    g.name = ng.name;
    g.avatar = ng.avatar;
    g.type = ng.type;
    g.creator = ng.creator;
    g.created_at = now;
    g.updated_at = now;
    std::set<UserId> unique(ng.members.begin(), ng.members.end());
    insert_members(*l, g.id, std::vector<UserId>(unique.begin(), unique.end()), t);
    return g;
  });
}

StoreResult<std::optional<Group>> MariaDbStorage::find_group(GroupId id) {
  return run([&](Lease& l) -> std::optional<Group> {
    auto rows =
        l->query(std::string("SELECT ") + kGroupCols + " FROM `Groups` g WHERE g.`id` = ?", {id});
    if (rows.empty()) return std::nullopt;
    return read_group(rows[0]);
  });
}

StoreResult<std::vector<GroupWithCount>> MariaDbStorage::groups_of(UserId user) {
  return run([&](Lease& l) {
    auto rows = l->query(std::string("SELECT ") + kGroupCols +
                             ", (SELECT COUNT(*) FROM `Members` c WHERE c.`groupId` = g.`id`) "
                             "FROM `Groups` g JOIN `Members` mb ON mb.`groupId` = g.`id` "
                             "WHERE mb.`userId` = ? ORDER BY g.`id`",
                         {user});
    std::vector<GroupWithCount> out;
    out.reserve(rows.size());
    for (const Row& r : rows) out.push_back({read_group(r), r.i64(kGroupColCount)});
    return out;
  });
}

StoreResult<std::vector<MemberWithUser>> MariaDbStorage::group_members(GroupId id) {
  return run([&](Lease& l) {
    auto rows = l->query(std::string("SELECT ") + kMemberCols + ", " + kUserCols +
                             " FROM `Members` mb JOIN `Users` u ON u.`id` = mb.`userId` "
                             "WHERE mb.`groupId` = ? ORDER BY u.`id`",
                         {id});
    std::vector<MemberWithUser> out;
    out.reserve(rows.size());
    for (const Row& r : rows) out.push_back({read_member(r), read_user(r, kMemberColCount)});
    return out;
  });
}

StoreResult<std::vector<UserId>> MariaDbStorage::group_member_ids(GroupId id) {
  return run([&](Lease& l) {
    std::vector<UserId> out;
    for (const Row& r :
         l->query("SELECT `userId` FROM `Members` WHERE `groupId` = ? ORDER BY `userId`", {id})) {
      out.push_back(r.i64(0));
    }
    return out;
  });
}

StoreResult<bool> MariaDbStorage::is_member(GroupId id, UserId user) {
  return run([&](Lease& l) {
    return !l->query("SELECT 1 FROM `Members` WHERE `groupId` = ? AND `userId` = ?", {id, user})
                .empty();
  });
}

StoreResult<Done> MariaDbStorage::update_group(GroupId id, const GroupPatch& patch, Seconds now) {
  return run([&](Lease& l) {
    const std::string t = db_time(now);
    std::string sql = "UPDATE `Groups` SET `updatedAt` = ?";
    Params params{t};
    if (patch.name) {
      sql += ", `name` = ?";
      params.emplace_back(*patch.name);
    }
    if (patch.avatar) {
      sql += ", `avatar` = ?";
      params.emplace_back(*patch.avatar);
    }
    sql += " WHERE `id` = ?";
    params.emplace_back(id);
    l->exec(sql, params);
    return Done{};
  });
}

StoreResult<Done> MariaDbStorage::delete_group(GroupId id) {
  return run_tx([&](Lease& l) {
    l->exec("DELETE FROM `Members` WHERE `groupId` = ?", {id});
    l->exec("DELETE FROM `Groups` WHERE `id` = ?", {id});
    return Done{};
  });
}

StoreResult<std::int64_t> MariaDbStorage::add_members(GroupId id, std::span<const UserId> users,
                                                      Seconds now) {
  return run_tx([&](Lease& l) {
    // Lock the group's membership so concurrent adds do not race on the unique key.
    std::set<UserId> existing;
    for (const Row& r :
         l->query("SELECT `userId` FROM `Members` WHERE `groupId` = ? FOR UPDATE", {id})) {
      existing.insert(r.i64(0));
    }
    std::set<UserId> fresh;
    for (UserId u : users) {
      if (!existing.count(u)) fresh.insert(u);
    }
    insert_members(*l, id, std::vector<UserId>(fresh.begin(), fresh.end()), db_time(now));
    return static_cast<std::int64_t>(fresh.size());
  });
}

}  // namespace im::host::mariadb
