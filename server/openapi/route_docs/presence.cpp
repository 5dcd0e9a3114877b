// Presence, an extension (docs/protocol-extensions.md "Presence").
#include "server/openapi/envelopes.hpp"
#include "server/openapi/route_docs.hpp"

namespace im::host::route_docs {

using namespace openapi;

namespace {

Schema hidden_setting() {
  return object_type({{"hidden", boolean_type("true: friends see the caller offline")}},
                     {"hidden"});
}

}  // namespace

RouteDoc presence_lookup() {
  return RouteDoc{
      .description =
          "For each of `ids` that is a friend of the caller: online when the friend has a "
          "session on any node and does not hide their presence. Ids of non-friends (unknown "
          "users included) are left out; repeated ids are answered once, in the order asked.",
      .params = {{.name = "ids",
                  .schema = string_type("1 to 100 user ids separated by commas, e.g. 1,2,3"),
                  .description = "the users to look up",
                  .required = true}},
      .success = ok_data(array_of(object_type(
          {{"userId", integer_type()}, {"online", boolean_type()}}, {"userId", "online"}))),
      .errors = {{Error::bad_request(),
                  "ids missing, empty, not comma-separated integers, an id below 1, more than "
                  "100 ids"},
                 {Error::internal(), "storage failure"}},
  };
}

RouteDoc presence_setting() {
  return RouteDoc{
      .description = "Whether the caller hides their presence from their friends.",
      .success = ok_data(hidden_setting()),
      .errors = {{Error::internal(), "storage failure"}},
  };
}

RouteDoc presence_setting_update() {
  return RouteDoc{
      .description =
          "Hides (true) or shows (false) the caller's presence. While hidden, friends see the "
          "caller offline: lookups answer offline and no transition is pushed; a change while "
          "the caller is online pushes the transition the friends now see.",
      .body = hidden_setting(),
      .success = ok_data(hidden_setting()),
      .errors = {{Error::bad_request(), "hidden missing or not a boolean"},
                 {Error::internal(), "storage failure"}},
  };
}

}  // namespace im::host::route_docs
