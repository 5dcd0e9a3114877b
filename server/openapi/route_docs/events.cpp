// E1-E7 (docs/contract/http-api.md 10).
#include "server/openapi/envelopes.hpp"
#include "server/openapi/route_docs.hpp"

namespace im::host::route_docs {

using namespace openapi;

namespace {

RouteDoc notify_status(std::string description) {
  return RouteDoc{
      .description = std::move(description),
      .body = object_type({{"notifyId", string_type()}}, {"notifyId"}),
      .success = ok_message("Successfully."),
      .errors = {{Error::not_found("No notify found with id <notifyId>"),
                  "no such notify, or the caller is not its receiver"},
                 {Error::internal(), "notifyId missing"}},
  };
}

RouteDoc upload(std::string description, Schema data) {
  return RouteDoc{
      .description = std::move(description),
      .body = object_type({{"file", binary_file("the file")}}, {"file"}),
      .success = ok_data(std::move(data)),
      .errors = {{{413, "File too large"}, "the file is larger than UPLOAD_MAX_BYTES"},
                 {Error::internal(), "no file, or ffmpeg missing or failing"}},
  };
}

}  // namespace

RouteDoc notify_list() {
  return RouteDoc{
      .description =
          "Notifies addressed to the caller with status 1, with the sender's profile "
          "as flat dotted keys.",
      .success = ok_count(ref("Notify")),
  };
}

RouteDoc notify_received() {
  return notify_status("Moves the notify from status 1 to 2; other statuses are left alone.");
}

RouteDoc notify_read() {
  return notify_status("Moves the notify from status 1 or 2 to 3; other statuses are left alone.");
}

RouteDoc messages_pending() {
  return RouteDoc{
      .description = "Messages after the caller's last acknowledged id, newest first.",
      .params = {{.name = "currentPage",
                  .schema = with_example(integer_type(), 1),
                  .description = "page number from 1 (default 1)"},
                 {.name = "pageSize",
                  .schema = with_example(integer_type(), 100),
                  .description = "rows per page (default 100, at most 1000)"}},
      .success = ok_count(ref("OfflineMessage")),
      .errors = {{Error::internal(), "currentPage or pageSize not a valid decimal integer"}},
  };
}

RouteDoc messages_received() {
  return RouteDoc{
      .description = "Sets the caller's last acknowledged message id.",
      .body = object_type({{"id", integer_type("the highest message id the client has stored")}}),
      .success = ok_message("Successfully"),
      .errors = {{Error::internal(), "id is not numeric"}},
  };
}

RouteDoc upload_image() {
  return upload("Stores the image under MULTER_DEST/<userId>/ with a 20 px wide thumbnail.",
                object_type({{"path", string_type("file-system path of the stored file")},
                             {"smallPath", string_type("file-system path of the thumbnail")}},
                            {"path", "smallPath"}));
}

RouteDoc upload_video() {
  return upload("Stores the video under MULTER_DEST/<userId>/ with a frame and its thumbnail.",
                object_type({{"path", string_type("file-system path of the stored file")},
                             {"shotPath", string_type("file-system path of the frame (png)")},
                             {"smallPath", string_type("file-system path of the thumbnail")}},
                            {"path", "shotPath", "smallPath"}));
}

}  // namespace im::host::route_docs
