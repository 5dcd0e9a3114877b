// Who hides their presence, and a user's friends with their settings (PresenceStore;
// docs/protocol-extensions.md "Presence").
#include "im/storage/presence_store.hpp"
#include "server/adapters/mariadb/rows.hpp"
#include "server/adapters/mariadb/store.hpp"

namespace im::host::mariadb {

namespace {

class Presence final : public PresenceStore, private Tables {
 public:
  using Tables::Tables;

  StoreResult<Done> set_presence_hidden(UserId user, bool hidden) override {
    return database_->run([&](Lease& l) {
      l->exec(
          "INSERT INTO `PresenceSettings` (`userId`, `hidden`) VALUES (?, ?) "
          "ON DUPLICATE KEY UPDATE `hidden` = VALUES(`hidden`)",
          {user, std::int64_t{hidden ? 1 : 0}});
      return Done{};
    });
  }

  StoreResult<bool> presence_hidden(UserId user) override {
    return database_->run([&](Lease& l) {
      auto rows = l->query("SELECT `hidden` FROM `PresenceSettings` WHERE `userId` = ?", {user});
      return !rows.empty() && rows[0].i64(0) != 0;
    });
  }

  StoreResult<std::vector<PresenceFriend>> presence_friends(UserId user) override {
    return database_->run([&](Lease& l) {
      auto rows = l->query(
          "SELECT f.`id`, COALESCE(p.`hidden`, 0) FROM "
          "(SELECT `friendId` AS `id` FROM `Friends` WHERE `userId` = ? "
          " UNION SELECT `userId` FROM `Friends` WHERE `friendId` = ?) f "
          "LEFT JOIN `PresenceSettings` p ON p.`userId` = f.`id` "
          "WHERE f.`id` IS NOT NULL ORDER BY f.`id`",
          {user, user});
      return read_all(rows, [](const Row& row) {
        return PresenceFriend{row.i64(0), row.i64(1) != 0};
      });
    });
  }
};

}  // namespace

std::shared_ptr<PresenceStore> make_presence_store(std::shared_ptr<MariaDbDatabase> database) {
  return std::make_shared<Presence>(std::move(database));
}

}  // namespace im::host::mariadb
