// Electron release records (docs/contract/data-model.md 2.13; docs/contract/http-api.md X1-X3,
// B23).
#include "storage/sqlite/rows.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace im::sqlite {

namespace {

class Releases final : public ReleaseStore, private Tables {
 public:
  using Tables::Tables;

  StoreResult<Done> create_releases(std::span<const Release> releases) override {
    return database_->guarded([&] {
      Transaction tx(db_);
      for (const Release& r : releases) {
        auto st = db_.prepare(
            R"sql(INSERT INTO "Electrons" ("platform", "archs", "version", "actived", "type", "ext",
                                           "remark", "forceUpdate", "createdAt", "updatedAt")
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?))sql");
        st.bind(r.platform, r.archs, r.version, r.actived, r.type, r.ext, r.remark, r.force_update,
                db_time(r.created_at), db_time(r.updated_at))
            .run();
      }
      tx.commit();
      return Done{};
    });
  }

  StoreResult<std::optional<Release>> latest_active_release(std::string_view platform,
                                                            std::string_view archs) override {
    return database_->guarded([&]() -> std::optional<Release> {
      // B23: deterministic, the newest active row wins.
      static const std::string sql =
          std::string("SELECT ") + kColumns.release +
          R"sql( FROM "Electrons" r WHERE r."platform" = ? AND r."archs" = ? AND r."actived" = 1
                 ORDER BY r."id" DESC LIMIT 1)sql";
      auto st = db_.prepare(sql);
      if (!st.bind(platform, archs).step()) return std::nullopt;
      return read_release(st);
    });
  }
};

}  // namespace

std::shared_ptr<ReleaseStore> make_release_store(std::shared_ptr<SqliteDatabase> database) {
  return std::make_shared<Releases>(std::move(database));
}

}  // namespace im::sqlite
