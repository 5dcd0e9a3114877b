// Multi-device sync, recall and edit, extensions (docs/protocol-extensions.md "Multi-device
// sync", "Recall and edit").
#include <boost/json/array.hpp>
#include <charconv>

#include "server/http/api.hpp"
#include "server/http/fields.hpp"
#include "server/http/handlers/handlers.hpp"
#include "server/http/query_string.hpp"
#include "server/json/extension_views.hpp"
#include "server/openapi/route_docs.hpp"

namespace im::host {
namespace {

namespace json = boost::json;

// The :id of the path as a message id; nullopt when it is not a positive decimal integer.
std::optional<MessageId> message_id(const RequestContext& ctx) {
  const std::string_view text = ctx.param("id");
  MessageId id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc{} || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

Reply changed_or_error(const Result<Message>& changed) {
  if (!changed) return error_reply(changed.error());
  return success({{"data", views::sync_message(*changed)}});
}

Reply sync(RequestContext& ctx) {
  const std::string& query = ctx.request().query;
  auto after = query_int(query, "after", 0);
  auto limit = query_int(query, "limit", MessageSyncService::kDefaultLimit);
  if (!after || !limit) return error_reply(Error::bad_request());
  auto rows = ctx.engine().message_sync().changes(ctx.caller(), *after, *limit);
  if (!rows) return error_reply(rows.error());
  json::array data;
  for (const auto& m : *rows) data.push_back(views::sync_message(m));
  return success({{"data", std::move(data)}});
}

Reply recall(RequestContext& ctx) {
  auto id = message_id(ctx);
  if (!id) return error_reply(Error::bad_request());
  return changed_or_error(ctx.engine().message_sync().recall(ctx.caller(), *id));
}

Reply edit(RequestContext& ctx) {
  auto id = message_id(ctx);
  auto content = text_field(ctx.body(), "content");
  if (!id || !content.valid || !content.value) return error_reply(Error::bad_request());
  return changed_or_error(ctx.engine().message_sync().edit(ctx.caller(), *id, *content.value));
}

}  // namespace

void add_message_sync_routes(RouteTable& table) {
  table.add(Route{"GET", "/api/v1/sync", true, std::nullopt, sync, "sync", "Sync",
                  "What the caller sent or received after a sync position", false,
                  route_docs::sync()});
  table.add(Route{"POST", "/api/v1/messages/:id/recall", true, std::nullopt, recall,
                  "recallMessage", "Sync", "Recall a message", false, route_docs::recall()});
  table.add(Route{"PUT", "/api/v1/messages/:id", true, std::nullopt, edit, "editMessage", "Sync",
                  "Edit a text message", false, route_docs::edit()});
}

}  // namespace im::host
