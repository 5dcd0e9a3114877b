// Pending notifications, E1-E3 (docs/contract/http-api.md 10; docs/contract/realtime.md 7).
#include <boost/json/array.hpp>

#include "server/http/api.hpp"
#include "server/http/fields.hpp"
#include "server/http/handlers/handlers.hpp"
#include "server/json/views.hpp"
#include "server/openapi/route_docs.hpp"

namespace im::host {
namespace {

namespace json = boost::json;

// E1: status-1 notifies addressed to the caller, `count` at the top level.
Reply offline_notifies(RequestContext& ctx) {
  auto rows = ctx.engine().notifies().pending(ctx.caller());
  if (!rows) return error_reply(rows.error());
  json::array data;
  for (const auto& row : rows.value()) data.push_back(views::pending_notify(row));
  return success({{"count", static_cast<std::int64_t>(data.size())}, {"data", std::move(data)}});
}

template <class Advance>
Reply advance(RequestContext& ctx, Advance step) {
  auto id = text_field(ctx.body(), "notifyId").value;
  auto r = step(ctx.engine().notifies(), ctx.caller(), id);
  return r ? success_message(r.value()) : error_reply(r.error());
}

Reply received(RequestContext& ctx) {
  return advance(ctx, [](NotifyService& s, const UserContext& c, const auto& id) {
    return s.received(c, id);
  });
}

Reply readed(RequestContext& ctx) {
  return advance(
      ctx, [](NotifyService& s, const UserContext& c, const auto& id) { return s.readed(c, id); });
}

}  // namespace

void add_event_notify_routes(RouteTable& table) {
  table.add(Route{"GET", "/api/v1/events/notify", true, std::nullopt, offline_notifies,
                  "getOfflineNotify", "Events", "Pending notifications", false,
                  route_docs::notify_list()});
  table.add(Route{"POST", "/api/v1/events/notify/received", true, std::nullopt, received,
                  "received", "Events", "Mark a notification received", false,
                  route_docs::notify_received()});
  table.add(Route{"POST", "/api/v1/events/notify/readed", true, std::nullopt, readed, "readed",
                  "Events", "Mark a notification read", false, route_docs::notify_read()});
}

}  // namespace im::host
