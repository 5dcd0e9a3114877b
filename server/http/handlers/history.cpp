// History, conversations and search, extensions (docs/protocol-extensions.md "History and
// conversations", "Search").
#include <boost/json/array.hpp>

#include "server/http/api.hpp"
#include "server/http/handlers/handlers.hpp"
#include "server/http/query_string.hpp"
#include "server/json/extension_views.hpp"
#include "server/openapi/route_docs.hpp"

namespace im::host {
namespace {

namespace json = boost::json;

Reply message_page(const Result<std::vector<Message>>& rows) {
  if (!rows) return error_reply(rows.error());
  json::array data;
  for (const auto& m : *rows) data.push_back(views::history_message(m));
  return success({{"data", std::move(data)}});
}

Reply history(RequestContext& ctx) {
  const std::string& query = ctx.request().query;
  bool bad = false;
  HistoryRequest request;
  request.peer = optional_int(query, "peer", bad);
  request.group = optional_int(query, "group", bad);
  request.before = optional_int(query, "before", bad);
  request.limit = optional_int(query, "limit", bad).value_or(HistoryService::kDefaultLimit);
  if (bad) return error_reply(Error::bad_request());
  return message_page(ctx.engine().history().messages(ctx.caller(), request));
}

Reply search(RequestContext& ctx) {
  const std::string& query = ctx.request().query;
  bool bad = false;
  SearchRequest request;
  request.text = query_value(query, "q");
  request.before = optional_int(query, "before", bad);
  request.limit = optional_int(query, "limit", bad).value_or(HistoryService::kDefaultLimit);
  if (bad) return error_reply(Error::bad_request());
  return message_page(ctx.engine().history().search(ctx.caller(), request));
}

Reply conversations(RequestContext& ctx) {
  auto rows = ctx.engine().history().conversations(ctx.caller());
  if (!rows) return error_reply(rows.error());
  json::array data;
  for (const auto& c : *rows) data.push_back(views::conversation(c));
  return success({{"data", std::move(data)}});
}

}  // namespace

void add_history_routes(RouteTable& table) {
  table.add(Route{"GET", "/api/v1/messages", true, std::nullopt, history, "getHistory", "History",
                  "A page of one conversation, newest first", false, route_docs::history()});
  table.add(Route{"GET", "/api/v1/messages/search", true, std::nullopt, search, "searchMessages",
                  "History", "The caller's text messages that contain a string, newest first",
                  false, route_docs::search()});
  table.add(Route{"GET", "/api/v1/conversations", true, std::nullopt, conversations,
                  "getConversations", "History",
                  "The caller's conversations with their last message and unread count", false,
                  route_docs::conversations()});
}

}  // namespace im::host
