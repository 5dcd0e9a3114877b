// The admin API (docs/operations.md "Admin API"); every route needs permission 3 and answers a
// caller without it the 403 of docs/contract/http-api.md 8.4.
#include "server/openapi/envelopes.hpp"
#include "server/openapi/route_docs.hpp"

namespace im::host::route_docs {

using namespace openapi;

RouteDoc admin_sessions() {
  return RouteDoc{
      .description =
          "The live Socket.IO sessions of :userId on this node and, with Redis, on every other "
          "live node. `complete` is false when the other nodes' sessions could not be read (the "
          "list is then this node's). Audited as `sessions.list`.",
      .success = ok_data(array_of(object_type(
          {{"id", string_type("unique on its node; with `node`, names the session")},
           {"node", string_type("the node id (\"local\" with one node)")},
           {"transport", one_of_values(string_type(), {"websocket", "polling"})},
           {"address", string_type("the client's address (X-Forwarded-For from trusted proxies)")},
           {"connectedAt", date_i("when the socket connected")}},
          {"id", "node", "transport", "address", "connectedAt"}))),
      .errors = {{Error::bad_request(), ":userId not an integer"},
                 {Error::internal(), "audit log failure"}},
  };
}

RouteDoc admin_close_sessions() {
  return RouteDoc{
      .description =
          "Without `node` and `sessionId`: closes every session of `userId` on every node "
          "(the reply counts this node's). With both: closes that one session, on whichever "
          "node holds it. Tokens stay valid: the client may connect again (ban to stop it). "
          "Audited as `sessions.close` or `session.close`.",
      .body = object_type({{"userId", integer_type()},
                           {"node", string_type("as listed by the sessions route")},
                           {"sessionId", string_type("as listed by the sessions route")}},
                          {"userId"}),
      .success = ok_message("Successfully closed."),
      .errors = {{Error::bad_request(),
                  "userId missing or not an integer; node or sessionId not a string, or only "
                  "one of them"},
                 {Error::not_found("No session found with id <sessionId>"),
                  "no such session on this node"},
                 {Error::internal(), "audit log failure"}},
  };
}

RouteDoc admin_ban() {
  return RouteDoc{
      .description =
          "Stores the ban, revokes every token of the user (their requests get 401 at once) and "
          "closes their sessions on every node; their logins get 403 \"This account is "
          "banned.\" until unbanned. Banning twice is a success. Audited as `user.ban`.",
      .body = object_type({{"userId", integer_type("the user to ban")}}, {"userId"}),
      .success = ok_message("Successfully banned."),
      .errors = {{Error::bad_request(), "userId missing, not an integer, or the caller"},
                 {Error::not_found("No user found with id <userId>"), "unknown user"},
                 {Error::internal(), "storage failure"}},
  };
}

RouteDoc admin_unban() {
  return RouteDoc{
      .description = "Lifts the ban of :userId; they may log in again. Audited as `user.unban`.",
      .success = ok_message("Successfully unbanned."),
      .errors = {{Error::bad_request(), ":userId not an integer"},
                 {Error::not_found("User <userId> is not banned"), "not banned"},
                 {Error::internal(), "storage failure"}},
  };
}

RouteDoc admin_delete_message() {
  return RouteDoc{
      .description =
          "Deletes the one-to-one or group message :id for everyone: history, the offline pull "
          "(E4), search and the account export no longer return it. Nothing is pushed to "
          "clients. Audited as `message.delete`.",
      .success = ok_message("Successfully deleted."),
      .errors = {{Error::bad_request(), ":id not an integer"},
                 {Error::not_found("No message found with id <id>"), "unknown message"},
                 {Error::internal(), "storage failure"}},
  };
}

RouteDoc admin_summary() {
  return RouteDoc{
      .description =
          "For a dashboard: every user, and the online users, sessions and chat messages "
          "stored per minute of every live node (this one now, the others as they last "
          "reported, at most 15 s ago). A user connected to two nodes counts on each. "
          "messagesPerMinute is null until a node has measured it (this node samples when the "
          "route is called: two calls at least 5 s apart). Not audited.",
      .success = ok_data(object_type(
          {{"users", integer_type("users in the database")},
           {"onlineUsers", integer_type("users with a session, summed over the nodes")},
           {"sessions", integer_type("sessions, summed over the nodes")},
           {"messagesPerMinute", nullable(integer_type("messages stored per minute"))},
           {"node", string_type("this node's id")},
           {"nodes", integer_type("nodes counted")},
           {"complete", boolean_type("false: the other nodes' figures could not be read")}},
          {"users", "onlineUsers", "sessions", "messagesPerMinute", "node", "nodes", "complete"})),
      .errors = {{Error::internal(), "storage failure"}},
  };
}

RouteDoc admin_audit() {
  return RouteDoc{
      .description =
          "The audit log, newest first: who (`actor`, a user id) did what (`action`) to which "
          "`target` (`user:<id>`, `message:<id>`), with a `detail` object, and when. Page with "
          "`before` = the smallest id of the previous page; an empty page is the end.",
      .params = {{.name = "before",
                  .schema = integer_type(),
                  .description = "only entries with a smaller id"},
                 {.name = "limit",
                  .schema = with_example(integer_type(), 50),
                  .description = "rows per page, 1 to 200 (default 50)"}},
      .success = ok_data(
          array_of(object_type({{"id", integer_type()},
                                {"actor", integer_type("the admin's user id")},
                                {"action", string_type()},
                                {"target", string_type()},
                                {"detail", object_type({}, {})},
                                {"createdAt", date_i()}},
                               {"id", "actor", "action", "target", "detail", "createdAt"}))),
      .errors = {{Error::bad_request(), "before or limit not a positive integer, limit above 200"},
                 {Error::internal(), "storage failure"}},
  };
}

}  // namespace im::host::route_docs
