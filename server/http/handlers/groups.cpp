// The Groups controller, G1-G7 (docs/contract/http-api.md 10; S3, J5-J10).
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "server/http/api.hpp"
#include "server/http/fields.hpp"
#include "server/http/handlers/handlers.hpp"
#include "server/json/views.hpp"
#include "server/openapi/route_docs.hpp"

namespace im::host {
namespace {

namespace json = boost::json;

Reply message_or_error(const Result<std::string>& r) {
  return r ? success_message(r.value()) : error_reply(r.error());
}

std::optional<std::vector<UserId>> members_of(const json::value& body) {
  auto list = int_list_field(body, "members");
  if (!list.present || !list.valid) return std::nullopt;
  return std::move(list.values);
}

// The group id of a body as the client wrote it, for "No group found with id <id>".
std::string id_text(const json::value& body) {
  const json::value* v = body_field(body, "id");
  if (!v) return {};
  if (v->is_string()) return std::string(v->as_string());
  return json::serialize(*v);
}

// G1: create; invalid input answers 200 without data (J5).
Reply create(RequestContext& ctx) {
  GroupCreateIn in;
  auto name = text_field(ctx.body(), "name");
  auto avatar = text_field(ctx.body(), "avatar");
  in.name = name.value;
  in.name_valid = name.valid;
  in.avatar = avatar.value;
  in.avatar_valid = avatar.valid;
  in.type = int_field(ctx.body(), "type").value;
  in.members = members_of(ctx.body());
  auto created = ctx.engine().groups().create(ctx.caller(), in);
  if (!created) return error_reply(created.error());
  if (!created->created) return success_message("Create a group successed.");
  bool with_avatar = body_field(ctx.body(), "avatar") != nullptr;
  return success({{"message", "Create a group successed."},
                  {"data", views::group_created(*created->created, with_avatar)}});
}

Reply remove(RequestContext& ctx) {
  return message_or_error(ctx.engine().groups().remove(ctx.caller(), ctx.param("id")));
}

// G3: only name and avatar change (S1), only by the creator (S3).
Reply update(RequestContext& ctx) {
  GroupUpdateIn in;
  in.id = int_field(ctx.body(), "id").value;
  in.id_text = id_text(ctx.body());
  auto name = text_field(ctx.body(), "name");
  auto avatar = text_field(ctx.body(), "avatar");
  if (!name.valid || !avatar.valid) return error_reply(Error::internal());
  in.name = name.value;
  in.avatar = avatar.value;
  return message_or_error(ctx.engine().groups().update(ctx.caller(), in));
}

Reply with_members(RequestContext& ctx) {
  auto groups = ctx.engine().groups().with_members(ctx.caller());
  if (!groups) return error_reply(groups.error());
  json::array data;
  for (const auto& g : groups.value()) data.push_back(views::group_with_members(g));
  return success({{"data", std::move(data)}});
}

Reply get_one(RequestContext& ctx) {
  auto group = ctx.engine().groups().get(ctx.caller(), ctx.param("id"));
  if (!group) return error_reply(group.error());
  return success({{"data", views::group_with_raw_members(group.value())}});
}

Reply get_all(RequestContext& ctx) {
  auto groups = ctx.engine().groups().list(ctx.caller());
  if (!groups) return error_reply(groups.error());
  json::array data;
  for (const auto& g : groups.value()) data.push_back(views::group_row(g));
  return success({{"data", std::move(data)}});
}

// G7 (J6): the "add members" feature the original could never reach.
Reply add_members(RequestContext& ctx) {
  GroupMembersIn in;
  in.id = int_field(ctx.body(), "id").value;
  in.id_text = id_text(ctx.body());
  in.members = members_of(ctx.body());
  return message_or_error(ctx.engine().groups().add_members(ctx.caller(), in));
}

}  // namespace

void add_group_routes(RouteTable& table) {
  table.add(Route{"POST", "/api/v1/groups/members", true, std::nullopt, add_members, "addMembers",
                  "Groups", "Add members to a group (creator only)", false,
                  route_docs::group_add_members()});
  table.add(Route{"POST", "/api/v1/groups", true, std::nullopt, create, "create", "Groups",
                  "Create a group", false, route_docs::group_create()});
  table.add(Route{"PUT", "/api/v1/groups", true, std::nullopt, update, "update", "Groups",
                  "Rename a group or change its avatar (creator only)", false,
                  route_docs::group_update()});
  table.add(Route{"GET", "/api/v1/groups/withMembers", true, std::nullopt, with_members,
                  "getAllWithMembers", "Groups", "The caller's groups with their members", false,
                  route_docs::groups_with_members()});
  table.add(Route{"GET", "/api/v1/groups", true, std::nullopt, get_all, "getAll", "Groups",
                  "The caller's groups", false, route_docs::group_list()});
  table.add(Route{"GET", "/api/v1/groups/:id", true, std::nullopt, get_one, "getOne", "Groups",
                  "One group with its members (members only)", false, route_docs::group_detail()});
  table.add(Route{"DELETE", "/api/v1/groups/:id", true, std::nullopt, remove, "DeleteOne", "Groups",
                  "Delete a group (creator only)", false, route_docs::group_delete()});
}

}  // namespace im::host
