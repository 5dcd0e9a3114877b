// Groups and their members (docs/contract/data-model.md 2.7, 2.8; docs/contract/http-api.md G1-G7).
#include "storage/sqlite/rows.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace im::sqlite {
namespace {

// Inserts the members that are not in the group yet and returns how many were added. An id
// that is not a user (or a missing group) fails the foreign key.
std::int64_t insert_members(Db& db, GroupId group, std::span<const UserId> users,
                            const std::string& ts) {
  std::int64_t added = 0;
  for (UserId user : users) {
    auto st = db.prepare(
        R"sql(INSERT INTO "Members" ("groupId", "userId", "createdAt", "updatedAt")
              VALUES (?1, ?2, ?3, ?3) ON CONFLICT ("groupId", "userId") DO NOTHING)sql");
    added += st.bind(group, user, ts).run();
  }
  return added;
}

class Groups final : public GroupStore, private Tables {
 public:
  using Tables::Tables;

  StoreResult<Group> create_group(const NewGroup& group, Seconds now) override {
    return database_->guarded([&] {
      Transaction tx(db_);
      const auto ts = db_time(now);
      auto st = db_.prepare(
          R"sql(INSERT INTO "Groups" ("name", "avatar", "type", "creator", "createdAt", "updatedAt")
                VALUES (?1, ?2, ?3, ?4, ?5, ?5))sql");
      st.bind(group.name, group.avatar, group.type, group.creator, ts).run();
      Group g;
      g.id = db_.last_insert_rowid();
      g.name = group.name;
      g.avatar = group.avatar;
      g.type = group.type;
      g.creator = group.creator;
      g.created_at = g.updated_at = now;
      insert_members(db_, g.id, group.members, ts);  // G1: an unknown user rolls back everything
      tx.commit();
      return g;
    });
  }

  StoreResult<std::optional<Group>> find_group(GroupId id) override {
    return database_->guarded([&]() -> std::optional<Group> {
      static const std::string sql =
          std::string("SELECT ") + kColumns.group + R"sql( FROM "Groups" g WHERE g."id" = ?)sql";
      auto st = db_.prepare(sql);
      if (!st.bind(id).step()) return std::nullopt;
      return read_group(st);
    });
  }

  StoreResult<std::vector<GroupWithCount>> groups_of(UserId user) override {
    return database_->guarded([&] {
      static const std::string sql =
          std::string("SELECT ") + kColumns.group +
          R"sql(, (SELECT COUNT(*) FROM "Members" c WHERE c."groupId" = g."id")
                 FROM "Members" mb JOIN "Groups" g ON g."id" = mb."groupId"
                 WHERE mb."userId" = ? ORDER BY g."id" ASC)sql";
      return db_.prepare(sql).bind(user).all(read_group_with_count<Stmt>);
    });
  }

  StoreResult<std::vector<MemberWithUser>> group_members(GroupId id) override {
    return database_->guarded([&] {
      static const std::string sql = std::string("SELECT ") + kColumns.member + ", " +
                                     kColumns.user +
                                     R"sql( FROM "Members" mb JOIN "Users" u ON u."id" = mb."userId"
                 WHERE mb."groupId" = ? ORDER BY mb."userId" ASC)sql";
      return db_.prepare(sql).bind(id).all(read_member_with_user<Stmt>);
    });
  }

  StoreResult<std::vector<UserId>> group_member_ids(GroupId id) override {
    return database_->guarded([&] {
      auto st = db_.prepare(
          R"sql(SELECT "userId" FROM "Members" WHERE "groupId" = ? ORDER BY "userId" ASC)sql");
      st.bind(id);
      std::vector<UserId> ids;
      while (st.step()) ids.push_back(st.i64(0));
      return ids;
    });
  }

  StoreResult<bool> is_member(GroupId id, UserId user) override {
    return database_->guarded([&] {
      auto st =
          db_.prepare(R"sql(SELECT 1 FROM "Members" WHERE "groupId" = ? AND "userId" = ?)sql");
      return st.bind(id, user).step();
    });
  }

  StoreResult<Done> update_group(GroupId id, const GroupPatch& patch, Seconds now) override {
    return database_->guarded([&] {
      // G3: only name and avatar can change (S3).
      auto st = db_.prepare(
          R"sql(UPDATE "Groups" SET "updatedAt" = ?2,
                  "name" = CASE WHEN ?3 THEN ?4 ELSE "name" END,
                  "avatar" = CASE WHEN ?5 THEN ?6 ELSE "avatar" END
                WHERE "id" = ?1)sql");
      st.bind(id, db_time(now), patch.name.has_value(), patch.name, patch.avatar.has_value(),
              patch.avatar)
          .run();
      return Done{};
    });
  }

  StoreResult<Done> delete_group(GroupId id) override {
    return database_->guarded([&] {
      Transaction tx(db_);
      // G2: the members, then the group; messages stay.
      auto members = db_.prepare(R"sql(DELETE FROM "Members" WHERE "groupId" = ?)sql");
      members.bind(id).run();
      auto group = db_.prepare(R"sql(DELETE FROM "Groups" WHERE "id" = ?)sql");
      group.bind(id).run();
      tx.commit();
      return Done{};
    });
  }

  StoreResult<std::int64_t> add_members(GroupId id, std::span<const UserId> users,
                                        Seconds now) override {
    return database_->guarded([&] {
      Transaction tx(db_);
      auto added = insert_members(db_, id, users, db_time(now));  // all or nothing (G7)
      tx.commit();
      return added;
    });
  }
};

}  // namespace

std::shared_ptr<GroupStore> make_group_store(std::shared_ptr<SqliteDatabase> database) {
  return std::make_shared<Groups>(std::move(database));
}

}  // namespace im::sqlite
