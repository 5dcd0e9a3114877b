// Presence, an extension (docs/protocol-extensions.md "Presence"): which friends are online, and
// the caller's setting that hides their own presence.
#include <boost/json/array.hpp>

#include "im/text.hpp"
#include "server/http/api.hpp"
#include "server/http/fields.hpp"
#include "server/http/handlers/handlers.hpp"
#include "server/http/query_string.hpp"
#include "server/openapi/route_docs.hpp"

namespace im::host {
namespace {

namespace json = boost::json;

// `ids=1,2,3`: nullopt when absent or not a comma-separated list of decimal integers.
std::optional<std::vector<UserId>> id_list(std::string_view query) {
  auto text = query_value(query, "ids");
  if (!text) return std::nullopt;
  std::vector<UserId> ids;
  std::string_view rest = *text;
  // One more than the service takes is enough to refuse a long list.
  while (ids.size() <= PresenceService::kMaxIds) {
    auto comma = rest.find(',');
    auto id = parse_decimal(rest.substr(0, comma));
    if (!id) return std::nullopt;
    ids.push_back(*id);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return ids;
}

Reply presence_lookup(RequestContext& ctx) {
  auto entries = ctx.engine().presence().lookup(ctx.caller(), id_list(ctx.request().query));
  if (!entries) return error_reply(entries.error());
  json::array data;
  for (const auto& e : *entries) data.push_back({{"userId", e.user_id}, {"online", e.online}});
  return success({{"data", std::move(data)}});
}

Reply hidden_reply(const Result<bool>& hidden) {
  if (!hidden) return error_reply(hidden.error());
  return success({{"data", {{"hidden", *hidden}}}});
}

Reply presence_setting(RequestContext& ctx) {
  return hidden_reply(ctx.engine().presence().hidden(ctx.caller()));
}

Reply update_presence_setting(RequestContext& ctx) {
  const json::value* field = body_field(ctx.body(), "hidden");
  auto hidden = field ? as_boolean(*field) : std::nullopt;
  return hidden_reply(ctx.engine().presence().set_hidden(ctx.caller(), hidden));
}

}  // namespace

void add_presence_routes(RouteTable& table) {
  table.add(Route{"GET", "/api/v1/presence", true, std::nullopt, presence_lookup, "getPresence",
                  "Presence", "Which of the given friends are online", false,
                  route_docs::presence_lookup()});
  table.add(Route{"GET", "/api/v1/presence/setting", true, std::nullopt, presence_setting,
                  "getPresenceSetting", "Presence", "Whether the caller hides their presence",
                  false, route_docs::presence_setting()});
  table.add(Route{"PUT", "/api/v1/presence/setting", true, std::nullopt, update_presence_setting,
                  "updatePresenceSetting", "Presence", "Hide or show the caller's presence", false,
                  route_docs::presence_setting_update()});
}

}  // namespace im::host
