// F1-F7 (docs/contract/http-api.md 10).
#include "server/openapi/envelopes.hpp"
#include "server/openapi/route_docs.hpp"

namespace im::host::route_docs {

using namespace openapi;

namespace {

Schema notify_id_body() {
  return object_type({{"notifyId", string_type("the id of the AddFriend notify")}}, {"notifyId"});
}

std::vector<ErrorDoc> answer_errors() {
  return {{Error::not_found("Request has expired."),
           "no such notify, not pending, not addressed to the caller, or not AddFriend"},
          {{403, "It's already a friend relationship, don't repeat submit."}, "already friends"},
          {{500, "Database Error."}, "storage failure or a concurrent change"}};
}

}  // namespace

RouteDoc friend_request() {
  return RouteDoc{
      .description = "Creates an AddFriend notify and pushes on-notify to the receiver if online.",
      .body = object_type({{"userId", integer_type("the user asked")},
                           {"remark", string_type("at most 255 characters")},
                           {"ext", string_type("at most 255 characters")}},
                          {"userId"}),
      .success = ok_message("Seccessed, wait for the other party to agree."),
      .errors = {{Error::bad_request(), "userId is the caller"},
                 {Error::not_found("No user found with id <userId>"), "unknown user"},
                 {{500, "Database error."},
                  "userId missing or not an integer, already friends, blocked by userId, "
                  "remark/ext too long, "
                  "storage failure"}},
  };
}

RouteDoc friend_delete() {
  return RouteDoc{
      .description = "Removes the friendship and both settings, and notifies the other user.",
      .success = ok_message("Successfully deleted."),
      .errors = {{{403, "Not yet a friendship."}, "not friends with :id"},
                 {{500, "Database Error."}, "storage failure"}},
  };
}

RouteDoc friend_update() {
  return RouteDoc{
      .description = "Changes only the keys given, in the caller's own setting for friend :id.",
      .body = object_type({{"remark", nullable(string_type())},
                           {"astrolabe", boolean_type("star")},
                           {"block", boolean_type("block the friend's messages")}}),
      .success = ok_message("Successfully updated."),
      .errors = {{Error::bad_request(), "none of remark, astrolabe, block given"},
                 {Error::not_found("No resources are updated."), "not a friend"},
                 {{500, "Database error."}, "a value of the wrong type"}},
  };
}

RouteDoc friend_setting() {
  return RouteDoc{
      .description = "The caller's own setting for friend :id.",
      .success = ok_data(ref("FriendSetting")),
      .errors = {{{500, "Database Error."}, "not a friend (kept from the original)"}},
  };
}

RouteDoc friend_list() {
  return RouteDoc{
      .description =
          "Each friend's public profile followed by the caller's setting for that "
          "friend, flat.",
      .success = ok_data(object_type(
          {{"count", integer_type("number of friendships")}, {"friends", array_of(ref("Friend"))}},
          {"count", "friends"})),
      .errors = {{{500, "Database Error."}, "storage failure"}},
  };
}

RouteDoc friend_agree() {
  return RouteDoc{
      .description =
          "Only the receiver of a pending AddFriend notify. Makes both users friends "
          "and pushes the result notify to the requester.",
      .body = notify_id_body(),
      .success = ok_message("Successfully."),
      .errors = answer_errors(),
  };
}

RouteDoc friend_reject() {
  return RouteDoc{
      .description =
          "Only the receiver of a pending AddFriend notify. Pushes the result notify "
          "to the requester.",
      .body = notify_id_body(),
      .success = ok_message("Successfully."),
      .errors = answer_errors(),
  };
}

}  // namespace im::host::route_docs
