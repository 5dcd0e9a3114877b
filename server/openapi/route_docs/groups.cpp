// G1-G7 (docs/contract/http-api.md 10).
#include "server/openapi/envelopes.hpp"
#include "server/openapi/route_docs.hpp"

namespace im::host::route_docs {

using namespace openapi;

namespace {

const ErrorDoc kNoGroup{Error::not_found("No group found with id <id>"), "no such group"};
const ErrorDoc kNotCreator{Error::unauthorized(), "the caller is not the creator"};
const ErrorDoc kInvalidMember{{403, "The params members contains an invalid user id."},
                              "a member id that is not an existing user"};
const ErrorDoc kTooMany{{403, "The number of group members exceeds the limit."},
                        "more members than the group type allows"};

Schema member_ids() {
  return array_of(integer_type(), "user ids");
}

}  // namespace

RouteDoc group_create() {
  return RouteDoc{
      .description =
          "Creates a group owned by the caller; the caller is added to the members. An invalid "
          "type or members list creates nothing and answers 200 with the message only.",
      .body = object_type({{"name", string_type()},
                           {"avatar", string_type()},
                           {"type", one_of_values(integer_type("1 = Basic, 2 = Big"), {1, 2})},
                           {"members", member_ids()}},
                          {"name", "type", "members"}),
      .success = ok_optional_data(ref("GroupCreated"), "Create a group successed."),
      .success_description = "The new group (or only the message when nothing was created)",
      .errors = {kTooMany, kInvalidMember},
  };
}

RouteDoc group_delete() {
  return RouteDoc{
      .description = "Creator only. Deletes the group and its memberships; messages stay.",
      .success = ok_message("Successed to delete group."),
      .errors = {kNoGroup,
                 kNotCreator,
                 {{500, "[Database error]: <error name> <error message>"}, "storage failure"}},
  };
}

RouteDoc group_update() {
  return RouteDoc{
      .description = "Creator only. Only `name` and `avatar` change.",
      .body = object_type({{"id", integer_type("the group id")},
                           {"name", string_type()},
                           {"avatar", string_type()}},
                          {"id"}),
      .success = ok_message("Update successed."),
      .errors = {kNoGroup, kNotCreator, {Error::internal(), "storage failure"}},
  };
}

RouteDoc groups_with_members() {
  return RouteDoc{
      .description = "The caller's groups by name ascending, each with its members.",
      .success = ok_data(array_of(ref("GroupWithMembers"))),
  };
}

RouteDoc group_detail() {
  return RouteDoc{
      .description = "Members only. The members are in column order with ISO dates.",
      .success = ok_data(ref("GroupDetail")),
      .errors = {{Error::not_found("No group found with id <id>"),
                  "no such group, or the caller is not a member"}},
  };
}

RouteDoc group_list() {
  return RouteDoc{
      .description = "The caller's groups as flat rows, by name descending.",
      .success = ok_data(array_of(ref("GroupRow"))),
  };
}

RouteDoc group_add_members() {
  return RouteDoc{
      .description = "Creator only (new route). Users already in the group are skipped.",
      .body = object_type({{"id", integer_type("the group id")}, {"members", member_ids()}},
                          {"id", "members"}),
      .success = ok_message("Add members successed."),
      .errors = {kNoGroup, kNotCreator, kInvalidMember, kTooMany},
  };
}

}  // namespace im::host::route_docs
