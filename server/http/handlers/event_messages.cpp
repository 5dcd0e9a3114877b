// Offline message sync, E4 and E5 (docs/contract/http-api.md; docs/contract/realtime.md 8.3).
#include <boost/json/array.hpp>

#include "im/text.hpp"
#include "server/http/api.hpp"
#include "server/http/fields.hpp"
#include "server/http/handlers/handlers.hpp"
#include "server/http/query_string.hpp"
#include "server/json/views.hpp"
#include "server/openapi/route_docs.hpp"

namespace im::host {
namespace {

namespace json = boost::json;

// E4: messages with id > lastAck for the caller's one-to-one chats and groups, newest first.
Reply pending_messages(RequestContext& ctx) {
  const std::string& query = ctx.request().query;
  auto page = query_int(query, "currentPage", 1);
  auto size = query_int(query, "pageSize", 100);
  if (!page || !size || *page < 1 || *size < 0) return error_reply(Error::internal());
  const std::int64_t limit = std::min<std::int64_t>(*size, 1000);  // J14
  // (page-1)*limit cannot overflow for any page a client reaches; clamp to be safe.
  const std::int64_t offset =
      *page - 1 > INT64_MAX / std::max<std::int64_t>(limit, 1) ? INT64_MAX : (*page - 1) * limit;
  ctx.engine().flush_deliveries();  // outcomes the writer holds back count too
  auto result = ctx.engine().storage().messages->pending_messages(ctx.caller().id, offset, limit);
  if (!result) return error_reply(Error::internal());
  json::array data;
  for (const auto& row : result->items) data.push_back(views::offline_message(row));
  return success({{"count", result->count}, {"data", std::move(data)}});
}

// E5: lastAck = id (left alone when absent), lastAckErr cleared.
Reply messages_received(RequestContext& ctx) {
  auto id = int_field(ctx.body(), "id");
  const json::value* raw = body_field(ctx.body(), "id");
  if (raw && !raw->is_null() && !id.value) return error_reply(Error::internal());
  ctx.engine().flush_deliveries();  // earlier outcomes first, then the mark (8.2 order)
  auto r = ctx.engine().storage().messages->mark_received(ctx.caller().id, id.value,
                                                          ctx.engine().clock().now_s());
  if (!r) return error_reply(Error::internal());
  return success_message("Successfully");  // no final period (E5)
}

}  // namespace

void add_event_message_routes(RouteTable& table) {
  table.add(Route{"GET", "/api/v1/events/message", true, std::nullopt, pending_messages,
                  "getOfflineMsgs", "Events", "Messages not yet confirmed (offline sync)", false,
                  route_docs::messages_pending()});
  table.add(Route{"POST", "/api/v1/events/message/received", true, std::nullopt, messages_received,
                  "msgReceived", "Events", "Confirm messages up to an id", false,
                  route_docs::messages_received()});
}

}  // namespace im::host
