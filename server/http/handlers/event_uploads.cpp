// Chat media uploads, E6/E7 (docs/contract/http-api.md 10; S14, J15, J34, B27): multipart field
// `file`, streamed to disk before the handler runs (server/http/upload_stream.hpp).
#include "server/http/api.hpp"
#include "server/http/handlers/handlers.hpp"
#include "server/openapi/route_docs.hpp"
#include "server/upload/media_upload.hpp"

namespace im::host {
namespace {

Reply store(RequestContext& ctx, upload::MediaKind kind) {
  const auto& form = ctx.request().form;
  if (!form) return error_reply(Error::internal());  // not a multipart body: no file
  auto stored = upload::store_media(kind, *form, ctx.config().multer_dest, ctx.caller().id);
  if (!stored) return error_reply(stored.error());
  boost::json::object data;
  data["path"] = stored->path;
  if (stored->shot_path) data["shotPath"] = *stored->shot_path;
  data["smallPath"] = stored->small_path;
  return success({{"data", std::move(data)}});
}

Reply upload_image(RequestContext& ctx) {
  return store(ctx, upload::MediaKind::image);
}
Reply upload_video(RequestContext& ctx) {
  return store(ctx, upload::MediaKind::video);
}

}  // namespace

void add_event_upload_routes(RouteTable& table) {
  table.add(Route{"POST", "/api/v1/events/image", true, std::nullopt, upload_image, "uploadImage",
                  "Events", "Upload a chat image (multipart field `file`)", true,
                  route_docs::upload_image()});
  table.add(Route{"POST", "/api/v1/events/video", true, std::nullopt, upload_video, "uploadVideo",
                  "Events", "Upload a chat video (multipart field `file`)", true,
                  route_docs::upload_video()});
}

}  // namespace im::host
