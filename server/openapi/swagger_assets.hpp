// The swagger-ui-dist files the docs page needs, from SWAGGER_UI_DIR (default: the copy that
// `npm ci --prefix server/swagger` installs in the source tree, compiled in by CMake).
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

#include "server/config/host_config.hpp"

namespace im::host::openapi {

// The configured folder, or the compiled-in default when SWAGGER_UI_DIR is empty.
std::filesystem::path swagger_ui_dir(const HostConfig& config);

// The file for an asset name under /api/docs/ (e.g. "swagger-ui.css"); nullopt when the name is
// not one of the served assets or the file is missing. Only a fixed list of names is served.
std::optional<std::filesystem::path> swagger_asset(const HostConfig& config, std::string_view name);

// True when the files the page loads are all present.
bool swagger_assets_present(const HostConfig& config);

}  // namespace im::host::openapi
