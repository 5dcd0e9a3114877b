// X1-X3 (docs/contract/http-api.md 10).
#include "server/openapi/envelopes.hpp"
#include "server/openapi/route_docs.hpp"

namespace im::host::route_docs {

using namespace openapi;

namespace {

Schema platform() {
  return one_of_values(string_type(), {"macos", "windows"});
}

Schema archs() {
  return one_of_values(string_type(), {"x32", "x64", "arm64"});
}

std::vector<ErrorDoc> publish_errors() {
  return {{{500,
            "UnprocessableEntityException: The current version[<version>] already exists "
            "under the platform[<platform>]."},
           "the release folder exists"},
          {{500, "SequelizeValidationError: Validation error: Validation isIn on <field> failed"},
           "platform or archs not an allowed value"},
          {{413, "File too large"}, "a file is larger than UPLOAD_MAX_BYTES"}};
}

}  // namespace

RouteDoc release_full() {
  return RouteDoc{
      .description =
          "Stores the files under "
          "electron/full/<version>/<platform>[/<archs>]/ and records the release.",
      .body = object_type({{"platform", platform()},
                           {"archs", archs()},
                           {"version", string_type()},
                           {"yml", binary_file("at most one")},
                           {"app", array_of(binary_file(), "one or more files")}},
                          {"platform", "archs", "version", "app"}),
      .success = ok_message("Upload successed."),
      .errors = publish_errors(),
  };
}

RouteDoc release_asar() {
  return RouteDoc{
      .description =
          "Each file is named <archs>.zip and "
          "becomes one release row under electron/asar/<version>/<platform>/.",
      .body = object_type({{"platform", platform()},
                           {"version", string_type()},
                           {"app", array_of(binary_file(), "files named <archs>.zip")}},
                          {"platform", "version", "app"}),
      .success = ok_message("Upload successed."),
      .errors = publish_errors(),
  };
}

RouteDoc release_info() {
  return RouteDoc{
      .description =
          "The newest active release for platform and archs, unless its version "
          "equals `version`: then the body says statusCode 204 (HTTP status 200).",
      .params = {{.name = "platform", .schema = platform(), .required = true},
                 {.name = "archs", .schema = archs(), .required = true},
                 {.name = "version",
                  .schema = string_type(),
                  .description = "the client's current version"}},
      .success = one_of({ok_data(ref("Release")),
                         object_type({{"statusCode", constant(integer_type(), 204)},
                                      {"message", constant(string_type(), "No update available.")}},
                                     {"statusCode", "message"})}),
      .success_description =
          "The release, or {\"statusCode\":204,\"message\":\"No update "
          "available.\"}",
      .errors = {{Error::internal(), "platform or archs missing"}},
  };
}

}  // namespace im::host::route_docs
