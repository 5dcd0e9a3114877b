// Electron release records (docs/contract/http-api.md X1-X3).
#include "server/adapters/mariadb/rows.hpp"
#include "server/adapters/mariadb/store.hpp"

namespace im::host::mariadb {

StoreResult<Done> MariaDbStorage::create_releases(std::span<const Release> releases) {
  return run_tx([&](Lease& l) {
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

StoreResult<std::optional<Release>> MariaDbStorage::latest_active_release(std::string_view platform,
                                                                          std::string_view archs) {
  return run([&](Lease& l) -> std::optional<Release> {
    auto rows = l->query(std::string("SELECT ") + kReleaseCols +
                             " FROM `Electrons` e WHERE e.`platform` = ? AND e.`archs` = ? AND "
                             "e.`actived` = 1 ORDER BY e.`id` DESC LIMIT 1",
                         {platform, archs});
    if (rows.empty()) return std::nullopt;
    return read_release(rows[0]);
  });
}

}  // namespace im::host::mariadb
