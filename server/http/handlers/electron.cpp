// The Electron controller: X3 update check (http-api.md 10, B23). The multipart uploads X1/X2
// are served by the upload routes.
#include "server/http/api.hpp"
#include "server/http/handlers/handlers.hpp"
#include "server/http/query_string.hpp"
#include "server/json/views.hpp"
#include "server/upload/release_publisher.hpp"

namespace im::host {
namespace {

Reply info_for_asar(RequestContext& ctx) {
  const auto& query = ctx.request().query;
  upload::ReleasePublisher releases(ctx.engine().storage(), ctx.engine().clock(),
                                    ctx.config().multer_dest);
  auto row = releases.info_for_asar(query_value(query, "platform"), query_value(query, "archs"),
                                    query_value(query, "version"));
  if (!row) return error_reply(row.error());
  if (!row.value()) {
    // A 200 reply whose body says 204 (http-api.md 5.1).
    return json_reply(200, {{"statusCode", 204}, {"message", "No update available."}});
  }
  return success({{"data", views::release_row(*row.value())}});
}

}  // namespace

void add_electron_routes(RouteTable& table) {
  table.add(Route{"GET", "/api/v1/electron/infoForAsar", true, std::nullopt, info_for_asar,
                  "appInfoForAsar", "Electron", "The newest active asar release, if newer"});
}

}  // namespace im::host
