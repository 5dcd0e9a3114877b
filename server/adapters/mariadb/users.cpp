// Users (docs/contract/data-model.md 2.1).
#include <algorithm>

#include "server/adapters/mariadb/rows.hpp"
#include "server/adapters/mariadb/store.hpp"
#include "server/adapters/mariadb/update_statement.hpp"

namespace im::host::mariadb {

namespace {

std::optional<User> user_by_id(MariaDbConnection& c, UserId id) {
  auto rows =
      c.query(std::string("SELECT ") + kColumns.user + " FROM `Users` u WHERE u.`id` = ?", {id});
  if (rows.empty()) return std::nullopt;
  return read_user(rows[0]);
}

class Users final : public UserStore, private Tables {
 public:
  using Tables::Tables;

  StoreResult<User> create_user(const NewUser& nu) override {
    return database_->run([&](Lease& l) {
      const std::string t = db_time(nu.now);
      l->exec(
          "INSERT INTO `Users` (`account`, `pwd`, `avatar`, `email`, `regisTime`, "
          "`updateTime`, `roleId`) VALUES (?, ?, ?, ?, ?, ?, ?)",
          {nu.account, nu.pwd_hash, nu.avatar, nu.email, t, t, nu.role_id});
      return inserted_user(static_cast<UserId>(l->last_insert_id()), nu);
    });
  }

  StoreResult<std::optional<User>> find_user(UserId id) override {
    return database_->run([&](Lease& l) { return user_by_id(*l, id); });
  }

  StoreResult<std::optional<User>> find_user_by_account(std::string_view account) override {
    return database_->run([&](Lease& l) -> std::optional<User> {
      auto rows =
          l->query(std::string("SELECT ") + kColumns.user + " FROM `Users` u WHERE u.`account` = ?",
                   {account});
      if (rows.empty()) return std::nullopt;
      return read_user(rows[0]);
    });
  }

  StoreResult<std::vector<User>> find_users(std::span<const UserId> ids) override {
    return database_->run([&](Lease& l) {
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
             l->query(std::string("SELECT ") + kColumns.user + " FROM `Users` u WHERE u.`id` IN (" +
                          placeholders(n) + ") ORDER BY u.`id`",
                      params)) {
          users.push_back(read_user(r));
        }
      }
      return users;
    });
  }

  StoreResult<std::optional<User>> update_user(UserId id, const UserPatch& patch,
                                               Seconds now) override {
    return database_->run_tx([&](Lease& l) -> std::optional<User> {
      const std::string t = db_time(now);
      UpdateStatement update("Users", "updateTime", t);
      update.set("email", patch.email).set("avatar", patch.avatar);
      if (update.run(*l, "`id` = ?", {id}) == 0) return std::nullopt;
      return user_by_id(*l, id);
    });
  }

  StoreResult<bool> delete_user(UserId id) override {
    return database_->run(
        [&](Lease& l) { return l->exec("DELETE FROM `Users` WHERE `id` = ?", {id}) > 0; });
  }
};

}  // namespace

std::shared_ptr<UserStore> make_user_store(std::shared_ptr<MariaDbDatabase> database) {
  return std::make_shared<Users>(std::move(database));
}

}  // namespace im::host::mariadb
