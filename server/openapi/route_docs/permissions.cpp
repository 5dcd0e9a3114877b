// P1-P3 (docs/contract/http-api.md 10). All three require permission 3 (permManage, S11).
#include "server/openapi/envelopes.hpp"
#include "server/openapi/route_docs.hpp"

namespace im::host::route_docs {

using namespace openapi;

RouteDoc permission_create() {
  return RouteDoc{
      .description =
          "Any failure other than a duplicate name (e.g. `name` missing) answers 200 "
          "with an empty body.",
      .body = object_type({{"name", string_type("unique")}, {"desc", string_type()}}, {"name"}),
      .success = ok_data(object_type({{"id", integer_type()},
                                      {"name", string_type()},
                                      {"desc", string_type()},
                                      {"updatedAt", date_i("the creation instant, ISO 8601")},
                                      {"createdAt", date_i("the creation instant, ISO 8601")}},
                                     {"id", "name", "desc", "updatedAt", "createdAt"}),
                         "Successfully."),
      .success_description = "The new permission (or an empty body when the insert failed)",
      .errors = {{{409, "The permission already exists."}, "the name is taken"}},
  };
}

RouteDoc role_create() {
  return RouteDoc{
      .description =
          "Creates the role and links the permissions in one transaction. An unknown "
          "permission id rolls back and still answers "
          "{\"statusCode\":200,\"message\":\"Successfully.\"} without data.",
      .body = object_type({{"name", string_type("unique")},
                           {"desc", string_type()},
                           {"permissions", array_of(integer_type(), "permission ids")}},
                          {"name"}),
      .success = ok_optional_data(object_type({{"createdAt", date_r("shows the updatedAt value")},
                                               {"updatedAt", date_r()},
                                               {"id", integer_type()},
                                               {"name", string_type()},
                                               {"desc", string_type()}},
                                              {"createdAt", "updatedAt", "id", "name", "desc"}),
                                  "Successfully."),
      .success_description = "The new role (without data when the transaction was rolled back)",
      .errors = {{{409, "The role already exists."}, "the name is taken"}},
  };
}

RouteDoc role_set() {
  return RouteDoc{
      .description = "Does nothing (kept from the original).",
      .success_type = "",
      .success_description = "An empty body without Content-Type",
  };
}

}  // namespace im::host::route_docs
