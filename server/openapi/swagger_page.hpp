// The HTML of GET /api/docs: Swagger UI from the swagger-ui-dist files served under
// /api/docs/, loading /api/docs-json. Nothing is fetched from other hosts (works offline).
#pragma once

#include <string>

namespace im::host::openapi {

// `assets_present`: false renders a page that says the Swagger UI files are missing and
// links to the JSON document instead.
std::string swagger_page(bool assets_present);

}  // namespace im::host::openapi
