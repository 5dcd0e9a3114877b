// GET/HEAD /uploads/<path>: files of UPLOADS_STATIC_DIR, public, outside /api (http-api.md 11.1).
#pragma once

#include <optional>

#include "server/config/host_config.hpp"
#include "server/http/api.hpp"
#include "server/http/reply.hpp"

namespace im::host {

// The reply for a request under /uploads/, or nullopt when the path is not under it.
// Missing files, folders and anything outside the folder get the 404 of http-api.md 5.4.
std::optional<Reply> serve_uploads(const HostConfig& config, const ApiRequest& request);

}  // namespace im::host
