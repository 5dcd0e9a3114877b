// Blocking, an extension (docs/protocol-extensions.md "Blocking"): block, unblock, the list.
#include <boost/json/array.hpp>

#include "im/text.hpp"
#include "server/http/api.hpp"
#include "server/http/fields.hpp"
#include "server/http/handlers/handlers.hpp"
#include "server/json/extension_views.hpp"
#include "server/openapi/route_docs.hpp"

namespace im::host {
namespace {

namespace json = boost::json;

Reply message_or_error(const Result<std::string>& r) {
  return r ? success_message(r.value()) : error_reply(r.error());
}

Reply block_user(RequestContext& ctx) {
  auto user_id = int_field(ctx.body(), "userId").value;
  return message_or_error(ctx.engine().blocks().block(ctx.caller(), user_id));
}

Reply unblock_user(RequestContext& ctx) {
  auto user_id = parse_decimal(ctx.param("userId"));
  return message_or_error(ctx.engine().blocks().unblock(ctx.caller(), user_id));
}

Reply list_blocks(RequestContext& ctx) {
  auto rows = ctx.engine().blocks().list(ctx.caller());
  if (!rows) return error_reply(rows.error());
  json::array data;
  for (const auto& row : *rows) data.push_back(views::blocked_user(row));
  return success({{"data", std::move(data)}});
}

}  // namespace

void add_block_routes(RouteTable& table) {
  table.add(Route{"POST", "/api/v1/blocks", true, std::nullopt, block_user, "blockUser", "Block",
                  "Block a user", false, route_docs::block_user()});
  table.add(Route{"DELETE", "/api/v1/blocks/:userId", true, std::nullopt, unblock_user,
                  "unblockUser", "Block", "Unblock a user", false, route_docs::unblock_user()});
  table.add(Route{"GET", "/api/v1/blocks", true, std::nullopt, list_blocks, "getBlocks", "Block",
                  "The users the caller has blocked", false, route_docs::block_list()});
}

}  // namespace im::host
