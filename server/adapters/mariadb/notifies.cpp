// Friend-request and unfriend notifies (docs/contract/http-api.md E1-E3, F1).
#include "server/adapters/mariadb/rows.hpp"
#include "server/adapters/mariadb/store.hpp"

namespace im::host::mariadb {

void insert_notify(MariaDbConnection& c, const Notify& n) {
  // Notify has no separate insert time; the creation time defaults to its timer.
  const Seconds created = n.created_at.value_or(n.timer / 1000);
  const std::string ct = db_time(created);
  const std::string ut = db_time(n.updated_at.value_or(created));
  c.exec(
      "INSERT INTO `Notifies` (`id`, `type`, `sender`, `receiver`, `status`, `timer`, "
      "`remark`, `ext`, `createdAt`, `updatedAt`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {n.id, static_cast<int>(n.type), n.sender, n.receiver, static_cast<int>(n.status), n.timer,
       n.remark, n.ext, ct, ut});
}

namespace {

class Notifies final : public NotifyStore, private Tables {
 public:
  using Tables::Tables;

  StoreResult<Done> create_notify(const Notify& notify) override {
    return database_->run([&](Lease& l) {
      insert_notify(*l, notify);
      return Done{};
    });
  }

  StoreResult<std::optional<Notify>> find_notify(std::string_view id) override {
    return database_->run([&](Lease& l) -> std::optional<Notify> {
      auto rows = l->query(
          std::string("SELECT ") + kColumns.notify + " FROM `Notifies` n WHERE n.`id` = ?", {id});
      if (rows.empty()) return std::nullopt;
      return read_notify(rows[0]);
    });
  }

  StoreResult<std::vector<NotifyWithSender>> pending_notifies(UserId receiver) override {
    return database_->run([&](Lease& l) {
      auto rows = l->query(std::string("SELECT ") + kColumns.notify + ", " + kColumns.user +
                               " FROM `Notifies` n LEFT JOIN `Users` u ON u.`id` = n.`sender` "
                               "WHERE n.`receiver` = ? AND n.`status` = ? "
                               "ORDER BY n.`timer`, n.`createdAt`, n.`id`",
                           {receiver, static_cast<int>(NotifyStatus::initial)});
      return read_all(rows, read_notify_with_sender<Row>);
    });
  }

  StoreResult<std::vector<Notify>> notifies_of_user(UserId user) override {
    return database_->run([&](Lease& l) {
      auto rows = l->query(std::string("SELECT ") + kColumns.notify +
                               " FROM `Notifies` n WHERE n.`sender` = ? OR n.`receiver` = ? "
                               "ORDER BY n.`timer`, n.`id`",
                           {user, user});
      return read_all(rows, [](const Row& r) { return read_notify(r); });
    });
  }

  StoreResult<bool> advance_notify(std::string_view id, std::span<const NotifyStatus> from,
                                   NotifyStatus to, Seconds now) override {
    return database_->run([&](Lease& l) {
      if (from.empty()) return false;
      const std::string t = db_time(now);
      Params params{static_cast<int>(to), t, id};
      for (NotifyStatus s : from) params.emplace_back(static_cast<int>(s));
      return l->exec(
                 "UPDATE `Notifies` SET `status` = ?, `updatedAt` = ? WHERE `id` = ? AND "
                 "`status` IN (" +
                     placeholders(from.size()) + ")",
                 params) > 0;
    });
  }
};

}  // namespace

std::shared_ptr<NotifyStore> make_notify_store(std::shared_ptr<MariaDbDatabase> database) {
  return std::make_shared<Notifies>(std::move(database));
}

}  // namespace im::host::mariadb
