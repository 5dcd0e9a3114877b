// The Electron controller: release uploads X1/X2 behind permission 4 (S12, B22) and the update
// check X3 (B23).
#include "server/http/api.hpp"
#include "server/http/handlers/handlers.hpp"
#include "server/http/query_string.hpp"
#include "server/json/views.hpp"
#include "server/openapi/route_docs.hpp"
#include "server/upload/release_publisher.hpp"

namespace im::host {
namespace {

constexpr std::int64_t release_upload = 4;  // S12

template <class Publish>
Reply publish(RequestContext& ctx, Publish step) {
  const auto& form = ctx.request().form;
  if (!form) return error_reply(Error::internal());
  upload::ReleasePublisher releases(*ctx.engine().storage().releases, ctx.engine().clock(),
                                    ctx.config().multer_dest);
  auto r = step(releases, *form);
  return r ? success_message(r.value()) : error_reply(r.error());
}

Reply full_upload(RequestContext& ctx) {
  return publish(
      ctx, [](upload::ReleasePublisher& p, upload::FormReceiver& f) { return p.publish_full(f); });
}

Reply asar_upload(RequestContext& ctx) {
  return publish(
      ctx, [](upload::ReleasePublisher& p, upload::FormReceiver& f) { return p.publish_asar(f); });
}

Reply info_for_asar(RequestContext& ctx) {
  const auto& query = ctx.request().query;
  upload::ReleasePublisher releases(*ctx.engine().storage().releases, ctx.engine().clock(),
                                    ctx.config().multer_dest);
  auto row = releases.info_for_asar(query_value(query, "platform"), query_value(query, "archs"),
                                    query_value(query, "version"));
  if (!row) return error_reply(row.error());
  if (!row.value()) {
    // A 200 reply whose body says 204 (docs/contract/http-api.md 5.1).
    return json_reply(200, {{"statusCode", 204}, {"message", "No update available."}});
  }
  return success({{"data", views::release_row(*row.value())}});
}

}  // namespace

void add_electron_routes(RouteTable& table) {
  table.add(Route{"POST", "/api/v1/electron/full", true, release_upload, full_upload, "fullUpload",
                  "Electron", "Publish a full release (multipart)", true,
                  route_docs::release_full()});
  table.add(Route{"POST", "/api/v1/electron/asar", true, release_upload, asar_upload, "asarUpload",
                  "Electron", "Publish asar releases (multipart)", true,
                  route_docs::release_asar()});
  table.add(Route{"GET", "/api/v1/electron/infoForAsar", true, std::nullopt, info_for_asar,
                  "appInfoForAsar", "Electron", "The newest active asar release, if newer", false,
                  route_docs::release_info()});
}

}  // namespace im::host
