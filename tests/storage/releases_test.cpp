// Electron release records (docs/contract/data-model.md 2.13; B23).
#include "backends.hpp"
#include "fixtures.hpp"

using namespace im_test;

namespace {

im::Release release(std::string platform, std::string archs, std::string version, bool active) {
  im::Release r;
  r.platform = std::move(platform);
  r.archs = std::move(archs);
  r.version = std::move(version);
  r.actived = active;
  r.type = "asar";
  r.created_at = r.updated_at = kNow;
  return r;
}

}  // namespace

TEMPLATE_TEST_CASE("latest_active_release picks the active row with the highest id",
                   "[storage][releases]", IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto newest = release("macos", "arm64", "1.0.2", true);
  newest.ext = "{\"a\":1}";
  newest.remark = "fixes";
  newest.force_update = true;
  std::vector<im::Release> rows = {release("macos", "arm64", "1.0.1", true), newest,
                                   release("macos", "arm64", "1.0.3", false),
                                   release("windows", "x64", "2.0.0", true)};
  REQUIRE(store->releases->create_releases(rows).ok());

  auto latest = store->releases->latest_active_release("macos", "arm64");
  REQUIRE(latest.ok());
  REQUIRE(latest->has_value());
  const im::Release& r = **latest;
  CHECK(r.id == 2);
  CHECK(r.version == "1.0.2");
  CHECK(r.platform == "macos");
  CHECK(r.archs == "arm64");
  CHECK(r.actived);
  CHECK(r.type == "asar");
  CHECK(r.ext == "{\"a\":1}");
  CHECK(r.remark == "fixes");
  CHECK(r.force_update);
  CHECK(r.created_at == kNow);

  auto win = store->releases->latest_active_release("windows", "x64");
  REQUIRE(win.ok());
  REQUIRE(win->has_value());
  CHECK((*win)->version == "2.0.0");
  CHECK_FALSE((*win)->force_update);
  CHECK_FALSE((*win)->ext.has_value());

  auto none = store->releases->latest_active_release("macos", "x64");
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());
  CHECK(store->releases->create_releases({}).ok());
}
