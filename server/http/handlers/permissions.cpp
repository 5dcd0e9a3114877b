// The Permission controller, P1-P3 (docs/contract/http-api.md 10), with the original's replies for
// failures kept (J5, B14).
#include "im/time_format.hpp"
#include "server/http/api.hpp"
#include "server/http/fields.hpp"
#include "server/http/handlers/handlers.hpp"
#include "server/json/views.hpp"
#include "server/openapi/route_docs.hpp"

namespace im::host {
namespace {

namespace json = boost::json;

constexpr std::int64_t perm_manage = 3;  // S11

// P1: I-format dates with the real milliseconds; other failures than 409: empty 200.
Reply perm_create(RequestContext& ctx) {
  PermissionIn in;
  in.name = text_field(ctx.body(), "name");
  in.desc = text_field(ctx.body(), "desc");
  auto created = ctx.engine().permissions().create_permission(in);
  if (!created) {
    if (created.error().status == 409) return error_reply(created.error());
    return empty_ok();
  }
  const auto& p = created.value();
  json::object data;
  data["id"] = p.permission.id;
  data["name"] = p.permission.name;
  data["desc"] = views::nullable(p.permission.desc);
  data["updatedAt"] = format_i_ms(p.created_ms);
  data["createdAt"] = format_i_ms(p.created_ms);
  return success({{"data", std::move(data)}, {"message", "Successfully."}});
}

// P2: R-format, both dates show updatedAt (B24); other failures: 200 without data.
Reply role_create(RequestContext& ctx) {
  RoleIn in;
  in.name = text_field(ctx.body(), "name");
  in.desc = text_field(ctx.body(), "desc");
  auto permissions = int_list_field(ctx.body(), "permissions");
  in.permissions = std::move(permissions.values);
  in.permissions_valid = permissions.valid;
  auto created = ctx.engine().permissions().create_role(in);
  if (!created) {
    if (created.error().status == 409) return error_reply(created.error());
    return success_message("Successfully.");
  }
  const Role& role = created.value();
  json::value when = role.updated_at ? json::value(format_r(*role.updated_at)) : nullptr;
  json::object data;
  data["createdAt"] = when;
  data["updatedAt"] = when;
  data["id"] = role.id;
  data["name"] = role.name;
  data["desc"] = views::nullable(role.desc);
  return success({{"data", std::move(data)}, {"message", "Successfully."}});
}

// P3: does nothing; 200 with an empty body.
Reply set_user_role(RequestContext& ctx) {
  (void)ctx.engine().permissions().set_user_role();
  return empty_ok();
}

}  // namespace

void add_permission_routes(RouteTable& table) {
  table.add(Route{"POST", "/api/v1/permission/create", true, perm_manage, perm_create, "PermCreate",
                  "Permission", "Create a permission", false, route_docs::permission_create()});
  table.add(Route{"POST", "/api/v1/permission/role/create", true, perm_manage, role_create,
                  "RoleCreate", "Permission", "Create a role with permissions", false,
                  route_docs::role_create()});
  table.add(Route{"POST", "/api/v1/permission/role/set", true, perm_manage, set_user_role,
                  "setUserRole", "Permission", "Set a user's role (does nothing)", false,
                  route_docs::role_set()});
}

}  // namespace im::host
