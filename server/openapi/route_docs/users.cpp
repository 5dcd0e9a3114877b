// U1-U6 (docs/contract/http-api.md 10).
#include "server/openapi/envelopes.hpp"
#include "server/openapi/route_docs.hpp"

namespace im::host::route_docs {

using namespace openapi;

namespace {

const ErrorDoc kDatabaseError{{500, "Database error."},
                              "invalid account (not ^1[3-9]\\d{9}$), missing password, invalid "
                              "or too long e-mail or avatar, or a storage failure"};

}  // namespace

RouteDoc login() {
  return RouteDoc{
      .description =
          "Public. Also accepts application/x-www-form-urlencoded. Each login adds a token; "
          "earlier tokens stay valid. The token is `data.token`.",
      .body = object_type({{"account", string_type()}, {"pwd", string_type()}}, {"account", "pwd"}),
      .success = ok_data(ref("LoginData")),
      .errors = {{Error::unauthorized(), "account or pwd missing or empty, or a wrong password"},
                 {Error::not_found("No user found with account <account>"), "unknown account"},
                 {{429, "Too many login attempts, please try again later."},
                  "too many failed logins (S9); a Retry-After header gives the seconds"}},
  };
}

RouteDoc register_user() {
  return RouteDoc{
      .description =
          "Public. Any other field (roleId, id, ...) is ignored: new users get the "
          "default role. The token is `data.token`.",
      .body = object_type({{"account", string_type("mobile number, ^1[3-9]\\d{9}$")},
                           {"pwd", string_type()},
                           {"email", nullable(string_type("an e-mail address, at most 255"))},
                           {"avatar", nullable(string_type("at most 255 characters"))}},
                          {"account", "pwd"}),
      .success = ok_data(ref("LoginData"), "successfully."),
      .errors = {kDatabaseError,
                 {{409, "The account already exists."}, "account or e-mail already registered"}},
  };
}

RouteDoc delete_caller() {
  return RouteDoc{
      .description =
          "Deletes the caller (never another user), revokes all of the caller's "
          "tokens and disconnects the caller's sockets. No body.",
      .success = ok_message("Successfully."),
      .errors = {{Error::not_found("No user found with id <id>"), "the caller no longer exists"},
                 {Error::internal(), "the user is still referenced (messages, notifies, friends)"}},
  };
}

RouteDoc update_caller() {
  return RouteDoc{
      .description = "Only `email` and `avatar` change; other fields are ignored.",
      .body = object_type({{"userId", integer_type("must be the caller's id")},
                           {"email", nullable(string_type())},
                           {"avatar", nullable(string_type())}},
                          {"userId"}),
      .success = ok_data(ref("UserPublic"), "Update successfully."),
      .errors = {{Error::forbidden(), "userId is not the caller's id"},
                 {Error::not_found("No user found with id <userId>"), "no user with that id"},
                 {Error::internal(), "userId missing; invalid, taken or too long e-mail"}},
  };
}

RouteDoc find_user() {
  return RouteDoc{
      .description = "Replies are cached for 60 s (one cached body serves every caller).",
      .params = {{.name = "id",
                  .in = "path",
                  .schema = string_type("a user id (decimal)"),
                  .required = true}},
      .success = ok_data(ref("UserPublic"), "Successed."),
      .errors = {{Error::not_found("No user found with id <id>"),
                  "no such user, or the id is not a decimal integer"}},
  };
}

RouteDoc export_account() {
  return RouteDoc{
      .description =
          "Everything the server holds about the caller as one JSON document (no envelope), "
          "streamed with chunked transfer encoding and `Content-Disposition: attachment`: the "
          "profile (no password hash), friends with the caller's settings, groups, the notifies "
          "the caller sent or received, and every message the caller sent or received "
          "(one-to-one, and the messages of the caller's groups), by ascending id. Messages are "
          "read in pages while the body is written; a storage failure after the first byte "
          "ends the connection without the last chunk, so the document stays incomplete.",
      .success = object_type({{"exportedAt", date_f()},
                              {"user", ref("UserPublic")},
                              {"friends", array_of(ref("Friend"))},
                              {"groups", array_of(ref("GroupRow"))},
                              {"notifies", array_of(ref("Notify"), "without senderInfo keys")},
                              {"messages", array_of(ref("Message"))}},
                             {"exportedAt", "user", "friends", "groups", "notifies", "messages"}),
      .errors = {{Error::not_found("No user found with id <id>"), "the caller no longer exists"},
                 {{500, "Database error."}, "a storage failure before the first byte"}},
  };
}

RouteDoc logout() {
  return RouteDoc{
      .description =
          "Revokes the presented token only, and disconnects the sockets that were "
          "authenticated with it. No body.",
      .success = ok_message("Logout successed."),
  };
}

}  // namespace im::host::route_docs
