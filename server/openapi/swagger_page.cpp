#include "server/openapi/swagger_page.hpp"

namespace im::host::openapi {
namespace {

constexpr std::string_view kHead = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>for-nestjs - API documentation</title>
)";

// validatorUrl null: the UI must not call an online validator.
constexpr std::string_view kUi = R"(<link rel="stylesheet" href="/api/docs/swagger-ui.css">
<link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/swagger-ui-standalone-preset.js"></script>
<script>
window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/api/docs-json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    persistAuthorization: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout'
  });
});
</script>
</body>
</html>
)";

constexpr std::string_view kMissing = R"(</head>
<body>
<h1>API documentation</h1>
<p><strong>Note:</strong> the Swagger UI files (npm package swagger-ui-dist) are not installed
on this server, so the interactive page cannot be shown. Install them with
<code>npm ci --prefix server/swagger --ignore-scripts</code> in the source tree, or point the
setting <code>SWAGGER_UI_DIR</code> at a swagger-ui-dist folder.</p>
<p>The OpenAPI document itself is available: <a href="/api/docs-json">/api/docs-json</a>.</p>
</body>
</html>
)";

}  // namespace

std::string swagger_page(bool assets_present) {
  std::string page(kHead);
  page += assets_present ? kUi : kMissing;
  return page;
}

}  // namespace im::host::openapi
