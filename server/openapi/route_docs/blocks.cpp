// Blocking, an extension (docs/protocol-extensions.md "Blocking").
#include "server/openapi/envelopes.hpp"
#include "server/openapi/route_docs.hpp"

namespace im::host::route_docs {

using namespace openapi;

RouteDoc block_user() {
  return RouteDoc{
      .description =
          "The blocked user's one-to-one messages to the caller get the 403 ack of a non-friend "
          "and their friend requests F1's 500 \"Database error.\"; nothing is stored. Blocking "
          "twice is a success.",
      .body = object_type({{"userId", integer_type("the user to block")}}, {"userId"}),
      .success = ok_message("Successfully blocked."),
      .errors = {{Error::bad_request(), "userId missing, not an integer, or the caller"},
                 {Error::not_found("No user found with id <userId>"), "unknown user"},
                 {Error::internal(), "storage failure"}},
  };
}

RouteDoc unblock_user() {
  return RouteDoc{
      .description = "Removes the caller's block of :userId.",
      .success = ok_message("Successfully unblocked."),
      .errors = {{Error::bad_request(), ":userId not an integer"},
                 {Error::not_found("No block found for user <userId>"), "not blocked"},
                 {Error::internal(), "storage failure"}},
  };
}

RouteDoc block_list() {
  return RouteDoc{
      .description = "The users the caller has blocked, newest first.",
      .success = ok_data(array_of(object_type(
          {{"userId", integer_type()}, {"createdAt", date_f("when the block was made")}},
          {"userId", "createdAt"}))),
      .errors = {{Error::internal(), "storage failure"}},
  };
}

}  // namespace im::host::route_docs
