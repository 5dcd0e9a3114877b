// The Friends controller, F1-F7 (docs/contract/http-api.md 10; docs/contract/realtime.md 7).
#include <boost/json/array.hpp>

#include "im/text.hpp"
#include "server/http/api.hpp"
#include "server/http/fields.hpp"
#include "server/http/handlers/handlers.hpp"
#include "server/json/views.hpp"
#include "server/openapi/route_docs.hpp"

namespace im::host {
namespace {

namespace json = boost::json;

std::optional<UserId> path_id(RequestContext& ctx) {
  return parse_decimal(ctx.param("id"));
}

Reply message_or_error(const Result<std::string>& r) {
  return r ? success_message(r.value()) : error_reply(r.error());
}

// F1: a friend request; the receiver gets on-notify when online.
Reply add_one(RequestContext& ctx) {
  FriendRequestIn in;
  in.user_id = int_field(ctx.body(), "userId").value;
  auto remark = text_field(ctx.body(), "remark");
  auto ext = text_field(ctx.body(), "ext");
  if (in.user_id && (!remark.valid || !ext.valid)) return error_reply({500, "Database error."});
  in.remark = remark.value;
  in.ext = ext.value;
  return message_or_error(ctx.engine().friends().request(ctx.caller(), in));
}

// F2: unfriend; the other party gets a DelFriend notify.
Reply delete_one(RequestContext& ctx) {
  return message_or_error(ctx.engine().friends().remove(ctx.caller(), path_id(ctx)));
}

// F3: the caller's own setting for a friend; false values are accepted (B16).
Reply update_one(RequestContext& ctx) {
  FriendSettingIn in;
  in.patch.remark = nullable_text_field(ctx.body(), "remark", in.type_error);
  // A wrong-typed remark is present too (500, not the 400 of an empty body).
  in.any_key_present = body_field(ctx.body(), "remark") != nullptr;
  for (auto [key, target] :
       {std::pair{"astrolabe", &in.patch.astrolabe}, std::pair{"block", &in.patch.block}}) {
    const json::value* v = body_field(ctx.body(), key);
    if (!v) continue;
    in.any_key_present = true;
    if (auto b = as_boolean(*v))
      *target = *b;
    else
      in.type_error = true;
  }
  return message_or_error(ctx.engine().friends().update_setting(ctx.caller(), path_id(ctx), in));
}

// F4: the caller's setting row for a friend.
Reply get_one(RequestContext& ctx) {
  auto setting = ctx.engine().friends().setting(ctx.caller(), path_id(ctx));
  if (!setting) return error_reply(setting.error());
  return success({{"data", views::friend_setting(setting.value())}});
}

// F5: the friend list the Electron client loads at start.
Reply get_all(RequestContext& ctx) {
  auto friends = ctx.engine().friends().list(ctx.caller());
  if (!friends) return error_reply(friends.error());
  json::array list;
  for (const auto& f : friends.value()) list.push_back(views::friend_entry(f));
  json::object data;
  data["count"] = static_cast<std::int64_t>(list.size());
  data["friends"] = std::move(list);
  return success({{"data", std::move(data)}});
}

Reply agree(RequestContext& ctx) {
  auto id = text_field(ctx.body(), "notifyId").value;
  return message_or_error(ctx.engine().friends().agree(ctx.caller(), id));
}

Reply reject(RequestContext& ctx) {
  auto id = text_field(ctx.body(), "notifyId").value;
  return message_or_error(ctx.engine().friends().reject(ctx.caller(), id));
}

}  // namespace

void add_friend_routes(RouteTable& table) {
  table.add(Route{"POST", "/api/v1/friends/agree", true, std::nullopt, agree, "agree", "Friends",
                  "Accept a friend request", false, route_docs::friend_agree()});
  table.add(Route{"POST", "/api/v1/friends/reject", true, std::nullopt, reject, "reject", "Friends",
                  "Reject a friend request", false, route_docs::friend_reject()});
  table.add(Route{"POST", "/api/v1/friends", true, std::nullopt, add_one, "addOne", "Friends",
                  "Send a friend request", false, route_docs::friend_request()});
  table.add(Route{"GET", "/api/v1/friends", true, std::nullopt, get_all, "getAll", "Friends",
                  "The caller's friends with the caller's settings", false,
                  route_docs::friend_list(), /*hashes_password=*/false, /*fast_read=*/true});
  table.add(Route{"DELETE", "/api/v1/friends/:id", true, std::nullopt, delete_one, "deleteOne",
                  "Friends", "End a friendship", false, route_docs::friend_delete()});
  table.add(Route{"PUT", "/api/v1/friends/:id", true, std::nullopt, update_one, "updateOne",
                  "Friends", "Change the caller's remark, star or block for a friend", false,
                  route_docs::friend_update()});
  table.add(Route{"GET", "/api/v1/friends/:id", true, std::nullopt, get_one, "getOne", "Friends",
                  "The caller's setting for a friend", false, route_docs::friend_setting()});
}

}  // namespace im::host
