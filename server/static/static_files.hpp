// Safe resolution of `/uploads/<path>` to a file inside the static folder
// (docs/contract/http-api.md 11.1, S14): no "..", no encoded separators, no symlinks leading out,
// no directory listings.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace im::host {

// `url_path` is the request path after the prefix, still percent-encoded (no query string).
// Returns the regular file to serve, or nullopt (the caller answers 404).
std::optional<std::filesystem::path> resolve_static_file(const std::filesystem::path& root,
                                                         std::string_view url_path);

// Content-Type by extension, e.g. "text/plain; charset=UTF-8" for .txt.
std::string content_type_for(const std::filesystem::path& file);

}  // namespace im::host
