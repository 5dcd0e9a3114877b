#include "server/openapi/swagger_assets.hpp"

#include <algorithm>
#include <array>

#ifndef IM_SWAGGER_UI_DIR
#define IM_SWAGGER_UI_DIR ""
#endif

namespace im::host::openapi {
namespace {

// What the page loads; the favicons are optional.
constexpr std::array<std::string_view, 3> kRequired = {"swagger-ui.css", "swagger-ui-bundle.js",
                                                       "swagger-ui-standalone-preset.js"};
constexpr std::array<std::string_view, 2> kOptional = {"favicon-32x32.png", "favicon-16x16.png"};

bool is_regular(const std::filesystem::path& file) {
  std::error_code ec;
  return std::filesystem::is_regular_file(file, ec);
}

}  // namespace

std::filesystem::path swagger_ui_dir(const HostConfig& config) {
  return config.swagger_ui_dir.empty() ? std::filesystem::path(IM_SWAGGER_UI_DIR)
                                       : std::filesystem::path(config.swagger_ui_dir);
}

std::optional<std::filesystem::path> swagger_asset(const HostConfig& config,
                                                   std::string_view name) {
  const bool known = std::find(kRequired.begin(), kRequired.end(), name) != kRequired.end() ||
                     std::find(kOptional.begin(), kOptional.end(), name) != kOptional.end();
  auto dir = swagger_ui_dir(config);
  if (!known || dir.empty()) return std::nullopt;
  auto file = dir / name;
  if (!is_regular(file)) return std::nullopt;
  return file;
}

bool swagger_assets_present(const HostConfig& config) {
  return std::all_of(kRequired.begin(), kRequired.end(), [&](std::string_view name) {
    return swagger_asset(config, name).has_value();
  });
}

}  // namespace im::host::openapi
