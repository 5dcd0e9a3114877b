// The admin API (docs/operations.md "Admin API"), permission 3 on every route: live sessions,
// closing them, bans, deleting a message for everyone, the summary and the audit log.
#include <boost/json/array.hpp>

#include "im/text.hpp"
#include "server/http/api.hpp"
#include "server/http/fields.hpp"
#include "server/http/handlers/handlers.hpp"
#include "server/http/query_string.hpp"
#include "server/json/admin_views.hpp"
#include "server/openapi/route_docs.hpp"

namespace im::host {
namespace {

namespace json = boost::json;

constexpr std::int64_t kPermManage = AdminService::kPermission;

// Runs `Handler` with the service, which the realtime layer registers on the engine (none while
// it is not running: a generic 500).
template <Reply (*Handler)(RequestContext&, AdminService&)>
Reply with_admin(RequestContext& ctx) {
  auto* admin = ctx.engine().admin();
  if (!admin) return error_reply(Error::internal());
  return Handler(ctx, *admin);
}

Reply message_or_error(const Result<std::string>& r) {
  return r ? success_message(r.value()) : error_reply(r.error());
}

Reply list_sessions(RequestContext& ctx, AdminService& admin) {
  auto listed = admin.sessions(ctx.caller(), parse_decimal(ctx.param("userId")));
  if (!listed) return error_reply(listed.error());
  json::array data;
  for (const auto& s : listed->sessions) data.push_back(views::live_session(s));
  return success({{"data", std::move(data)}, {"complete", listed->complete}});
}

Reply close_sessions(RequestContext& ctx, AdminService& admin) {
  auto user = int_field(ctx.body(), "userId").value;
  auto node = text_field(ctx.body(), "node");
  auto session = text_field(ctx.body(), "sessionId");
  if (!node.valid || !session.valid)
    return error_reply(
        Error::bad_request().because(Errc::invalid_argument, "node and sessionId must be strings"));
  if (!node.value && !session.value) {  // neither given: every session of the user
    auto closed = admin.close_sessions(ctx.caller(), user);
    if (!closed) return error_reply(closed.error());
    return success({{"message", "Successfully closed."}, {"closedOnThisNode", *closed}});
  }
  return message_or_error(
      admin.close_session(ctx.caller(), user, node.value.value_or(""), session.value.value_or("")));
}

Reply ban_user(RequestContext& ctx, AdminService& admin) {
  return message_or_error(admin.ban(ctx.caller(), int_field(ctx.body(), "userId").value));
}

Reply unban_user(RequestContext& ctx, AdminService& admin) {
  return message_or_error(admin.unban(ctx.caller(), parse_decimal(ctx.param("userId"))));
}

Reply delete_message(RequestContext& ctx, AdminService& admin) {
  return message_or_error(admin.delete_message(ctx.caller(), parse_decimal(ctx.param("id"))));
}

Reply summary(RequestContext& ctx, AdminService& admin) {
  auto s = admin.summary(ctx.caller());
  if (!s) return error_reply(s.error());
  return success({{"data", views::admin_summary(*s)}});
}

Reply audit(RequestContext& ctx, AdminService& admin) {
  bool bad = false;
  const std::string& query = ctx.request().query;
  auto before = optional_int(query, "before", bad);
  auto limit = optional_int(query, "limit", bad);
  if (bad || (before && *before < 1))
    return error_reply(Error::bad_request().because(Errc::invalid_argument,
                                                    "before or limit is not a positive integer"));
  auto rows = admin.audit(ctx.caller(), before, limit);
  if (!rows) return error_reply(rows.error());
  json::array data;
  for (const auto& row : *rows) data.push_back(views::audit_entry(row));
  return success({{"data", std::move(data)}});
}

}  // namespace

void add_admin_routes(RouteTable& table) {
  table.add(Route{"GET", "/api/v1/admin/users/:userId/sessions", true, kPermManage,
                  with_admin<list_sessions>, "adminListSessions", "Admin",
                  "A user's live sessions on every node", false, route_docs::admin_sessions()});
  table.add(Route{"POST", "/api/v1/admin/sessions/close", true, kPermManage,
                  with_admin<close_sessions>, "adminCloseSessions", "Admin",
                  "Close a user's sessions, or one of them", false,
                  route_docs::admin_close_sessions()});
  table.add(Route{"POST", "/api/v1/admin/bans", true, kPermManage, with_admin<ban_user>, "adminBan",
                  "Admin", "Ban a user", false, route_docs::admin_ban()});
  table.add(Route{"DELETE", "/api/v1/admin/bans/:userId", true, kPermManage, with_admin<unban_user>,
                  "adminUnban", "Admin", "Unban a user", false, route_docs::admin_unban()});
  table.add(Route{"DELETE", "/api/v1/admin/messages/:id", true, kPermManage,
                  with_admin<delete_message>, "adminDeleteMessage", "Admin",
                  "Delete a message for everyone", false, route_docs::admin_delete_message()});
  table.add(Route{"GET", "/api/v1/admin/summary", true, kPermManage, with_admin<summary>,
                  "adminSummary", "Admin", "Users, online users and messages per minute", false,
                  route_docs::admin_summary()});
  table.add(Route{"GET", "/api/v1/admin/audit", true, kPermManage, with_admin<audit>, "adminAudit",
                  "Admin", "The audit log of admin actions, newest first", false,
                  route_docs::admin_audit()});
}

}  // namespace im::host
