// Electron release records (docs/contract/http-api.md X1-X3).
#include "server/adapters/mariadb/rows.hpp"
#include "server/adapters/mariadb/store.hpp"

namespace im::host::mariadb {

namespace {

class Releases final : public ReleaseStore, private Tables {
 public:
  using Tables::Tables;

  StoreResult<Done> create_releases(std::span<const Release> releases) override {
    return database_->run_tx([&](Lease& l) {
      for (const Release& e : releases) {
        std::optional<std::string> ct, ut;
        if (e.created_at) ct = db_time(*e.created_at);
        if (e.updated_at) ut = db_time(*e.updated_at);
        l->exec(
            "INSERT INTO `Electrons` (`platform`, `archs`, `version`, `actived`, `type`, "
            "`ext`, `remark`, `forceUpdate`, `createdAt`, `updatedAt`) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {e.platform, e.archs, e.version, e.actived, e.type, e.ext, e.remark, e.force_update, ct,
             ut});
      }
      return Done{};
    });
  }

  StoreResult<std::optional<Release>> latest_active_release(std::string_view platform,
                                                            std::string_view archs) override {
    return database_->run([&](Lease& l) -> std::optional<Release> {
      auto rows = l->query(std::string("SELECT ") + kColumns.release +
                               " FROM `Electrons` r WHERE r.`platform` = ? AND r.`archs` = ? AND "
                               "r.`actived` = 1 ORDER BY r.`id` DESC LIMIT 1",
                           {platform, archs});
      if (rows.empty()) return std::nullopt;
      return read_release(rows[0]);
    });
  }
};

}  // namespace

std::shared_ptr<ReleaseStore> make_release_store(std::shared_ptr<MariaDbDatabase> database) {
  return std::make_shared<Releases>(std::move(database));
}

}  // namespace im::host::mariadb
