// GET/HEAD /uploads/<path>: files of UPLOADS_STATIC_DIR, public, outside /api
// (docs/contract/http-api.md 11.1).
#pragma once

#include <optional>

#include "server/config/host_config.hpp"
#include "server/http/api.hpp"
#include "server/http/reply.hpp"

namespace im::host {

// The reply for a request under /uploads/, or nullopt when the path is not under it.
// Missing files, folders and anything outside the folder get the 404 of
// docs/contract/http-api.md 5.4. A file is opened and streamed (Reply::file), with
// `X-Content-Type-Options: nosniff`, and with `Content-Disposition: attachment` when a browser
// would run or render it (html, htm, svg, xml, xhtml, js).
std::optional<Reply> serve_uploads(const HostConfig& config, const ApiRequest& request);

}  // namespace im::host
