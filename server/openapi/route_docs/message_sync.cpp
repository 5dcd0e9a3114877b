// Multi-device sync, recall and edit, extensions (docs/protocol-extensions.md "Multi-device
// sync", "Recall and edit").
#include "server/openapi/envelopes.hpp"
#include "server/openapi/route_docs.hpp"

namespace im::host::route_docs {

using namespace openapi;

namespace {

Schema sync_message() {
  return all_of(
      {history_message_schema(),
       object_type({{"seq", integer_type("the place of the message's latest change in the sync "
                                         "stream")}},
                   {"seq"})});
}

}  // namespace

RouteDoc sync() {
  return RouteDoc{
      .description =
          "Every message the caller sent or received (one-to-one, and the groups the caller is "
          "in) whose latest change (sent, edited, recalled) comes after `after`, in `seq` order, "
          "each in its final state (a recalled message has no content). Page with `after` = the "
          "last `seq` of the previous page; an empty page is the end. Neither skips nor repeats "
          "a change, with any number of nodes writing.",
      .params = {{.name = "after",
                  .schema = with_example(integer_type(), 0),
                  .description = "a seq from an earlier page (default 0: from the start)"},
                 {.name = "limit",
                  .schema = with_example(integer_type(), 100),
                  .description = "rows per page, 1 to 500 (default 100)"}},
      .success = ok_data(array_of(sync_message())),
      .errors = {{Error::bad_request(), "after below 0 or not an integer, limit outside 1..500"},
                 {Error::internal(), "storage failure"}},
  };
}

RouteDoc recall() {
  return RouteDoc{
      .description =
          "Removes the content of a message for everyone: its sender within the recall window "
          "(RECALL_WINDOW_SECONDS, default 120), or the creator of its group at any time. The "
          "message keeps its id, says `recalled` and moves to the next seq; every party's "
          "devices that opted in to `edit` get on-message:change. Recalling twice answers the "
          "recalled message.",
      .success = ok_data(sync_message()),
      .errors = {{Error::bad_request(), "an id that is not a positive integer"},
                 {Error::forbidden(), "not the sender within the window, nor the group's creator"},
                 {Error::not_found("No message found with id <id>"),
                  "no such message, or the caller is not one of its parties"},
                 {Error::internal(), "storage failure"}},
  };
}

RouteDoc edit() {
  return RouteDoc{
      .description =
          "Replaces the content of the caller's own text message. The message says `edited` and "
          "moves to the next seq; every party's devices that opted in to `edit` get "
          "on-message:change.",
      .body = object_type({{"content", with_example(string_type("1 to 5000 characters"), "hi")}},
                          {"content"}),
      .success = ok_data(sync_message()),
      .errors = {{Error::bad_request(),
                  "an id that is not a positive integer; content missing, empty, too long or not "
                  "UTF-8; a message that is not text or was recalled"},
                 {Error::forbidden(), "another user's message"},
                 {Error::not_found("No message found with id <id>"),
                  "no such message, or the caller is not one of its parties"},
                 {Error::internal(), "storage failure"}},
  };
}

}  // namespace im::host::route_docs
