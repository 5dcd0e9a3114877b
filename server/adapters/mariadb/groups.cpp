// Groups and their members (docs/contract/http-api.md G1-G7).
#include <algorithm>
#include <set>

#include "server/adapters/mariadb/rows.hpp"
#include "server/adapters/mariadb/store.hpp"
#include "server/adapters/mariadb/update_statement.hpp"

namespace im::host::mariadb {

namespace {

// Inserts membership rows in chunks; an unknown user id raises a foreign-key error.
void insert_members(MariaDbConnection& c, GroupId group, const std::vector<UserId>& users,
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

class Groups final : public GroupStore, private Tables {
 public:
  using Tables::Tables;

  StoreResult<Group> create_group(const NewGroup& ng, Seconds now) override {
    return database_->run_tx([&](Lease& l) {
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

  StoreResult<std::optional<Group>> find_group(GroupId id) override {
    return database_->run([&](Lease& l) -> std::optional<Group> {
      auto rows = l->query(
          std::string("SELECT ") + kColumns.group + " FROM `Groups` g WHERE g.`id` = ?", {id});
      if (rows.empty()) return std::nullopt;
      return read_group(rows[0]);
    });
  }

  StoreResult<std::vector<GroupWithCount>> groups_of(UserId user) override {
    return database_->run([&](Lease& l) {
      auto rows = l->query(std::string("SELECT ") + kColumns.group +
                               ", (SELECT COUNT(*) FROM `Members` c WHERE c.`groupId` = g.`id`) "
                               "FROM `Groups` g JOIN `Members` mb ON mb.`groupId` = g.`id` "
                               "WHERE mb.`userId` = ? ORDER BY g.`id`",
                           {user});
      return read_all(rows, read_group_with_count<Row>);
    });
  }

  StoreResult<std::vector<MemberWithUser>> group_members(GroupId id) override {
    return database_->run([&](Lease& l) {
      auto rows = l->query(std::string("SELECT ") + kColumns.member + ", " + kColumns.user +
                               " FROM `Members` mb JOIN `Users` u ON u.`id` = mb.`userId` "
                               "WHERE mb.`groupId` = ? ORDER BY u.`id`",
                           {id});
      return read_all(rows, read_member_with_user<Row>);
    });
  }

  StoreResult<std::vector<UserId>> group_member_ids(GroupId id) override {
    return database_->run([&](Lease& l) {
      std::vector<UserId> out;
      for (const Row& r :
           l->query("SELECT `userId` FROM `Members` WHERE `groupId` = ? ORDER BY `userId`", {id})) {
        out.push_back(r.i64(0));
      }
      return out;
    });
  }

  StoreResult<bool> is_member(GroupId id, UserId user) override {
    return database_->run([&](Lease& l) {
      return !l->query("SELECT 1 FROM `Members` WHERE `groupId` = ? AND `userId` = ?", {id, user})
                  .empty();
    });
  }

  StoreResult<Done> update_group(GroupId id, const GroupPatch& patch, Seconds now) override {
    return database_->run([&](Lease& l) {
      const std::string t = db_time(now);
      UpdateStatement update("Groups", "updatedAt", t);
      update.set("name", patch.name).set("avatar", patch.avatar).run(*l, "`id` = ?", {id});
      return Done{};
    });
  }

  StoreResult<Done> delete_group(GroupId id) override {
    return database_->run_tx([&](Lease& l) {
      l->exec("DELETE FROM `Members` WHERE `groupId` = ?", {id});
      l->exec("DELETE FROM `Groups` WHERE `id` = ?", {id});
      return Done{};
    });
  }

  StoreResult<std::int64_t> add_members(GroupId id, std::span<const UserId> users,
                                        Seconds now) override {
    return database_->run_tx([&](Lease& l) {
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
};

}  // namespace

std::shared_ptr<GroupStore> make_group_store(std::shared_ptr<MariaDbDatabase> database) {
  return std::make_shared<Groups>(std::move(database));
}

}  // namespace im::host::mariadb
