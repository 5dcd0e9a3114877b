// The User controller, U1-U6 (docs/contract/http-api.md 10): request fields in, exact JSON out.
#include <string>

#include <boost/json/serialize.hpp>

#include "im/log_format.hpp"
#include "im/text.hpp"
#include "server/http/api.hpp"
#include "server/http/fields.hpp"
#include "server/http/handlers/handlers.hpp"
#include "server/json/account_export_stream.hpp"
#include "server/json/views.hpp"
#include "server/openapi/route_docs.hpp"

namespace im::host {
namespace {

namespace json = boost::json;

// 429 carries Retry-After (S9).
Reply outcome_error(const LoginOutcome& outcome) {
  Reply reply = error_reply(outcome.result.error());
  if (outcome.result.error().status == 429)
    reply.headers.emplace_back("Retry-After", std::to_string(outcome.retry_after_s));
  return reply;
}

// U1: LoginData (docs/contract/http-api.md 7), no `message` key. J16: credentials come from the
// body only.
Reply login(RequestContext& ctx) {
  LoginIn in;
  in.account = text_field(ctx.body(), "account");
  in.pwd = text_field(ctx.body(), "pwd");
  in.client_address = ctx.request().client_address;
  auto outcome = ctx.engine().users().login(in);
  if (!outcome.result) return outcome_error(outcome);
  const auto& signed_in = outcome.result.value();
  json::object data = views::user_public(signed_in.user);
  views::append_role_info(data, signed_in.role);
  data["token"] = signed_in.token;
  return success({{"data", std::move(data)}});
}

// U2: `avatar` and `email` first, then the other keys; lower-case "successfully.".
Reply create(RequestContext& ctx) {
  RegisterIn in;
  in.account = text_field(ctx.body(), "account");
  in.pwd = text_field(ctx.body(), "pwd");
  in.email = text_field(ctx.body(), "email");
  in.avatar = text_field(ctx.body(), "avatar");
  in.client_address = ctx.request().client_address;
  auto outcome = ctx.engine().users().register_user(in);
  if (!outcome.result) return outcome_error(outcome);
  const auto& signed_in = outcome.result.value();
  json::object data;
  data["avatar"] = views::nullable(signed_in.user.avatar);
  data["email"] = views::nullable(signed_in.user.email);
  for (auto& kv : views::user_public(signed_in.user)) {
    if (kv.key() == "avatar" || kv.key() == "email") continue;
    data[kv.key()] = kv.value();
  }
  views::append_role_info(data, signed_in.role);
  data["token"] = signed_in.token;
  return success({{"data", std::move(data)}, {"message", "successfully."}});
}

// U3: always the caller.
Reply remove_one(RequestContext& ctx) {
  auto done = ctx.engine().users().remove(ctx.caller());
  if (!done) return error_reply(done.error());
  return success_message(done.value());
}

// U4: only `userId`, `email` and `avatar` are read (S1); no `pwd` in the reply (S5).
Reply update_one(RequestContext& ctx) {
  UpdateUserIn in;
  auto user_id = int_field(ctx.body(), "userId");
  in.user_id_present = user_id.present;
  in.user_id = user_id.value;
  in.email = nullable_text_field(ctx.body(), "email", in.type_error);
  in.avatar = nullable_text_field(ctx.body(), "avatar", in.type_error);
  auto updated = ctx.engine().users().update(ctx.caller(), in);
  if (!updated) return error_reply(updated.error());
  return success(
      {{"data", views::user_public(updated.value())}, {"message", "Update successfully."}});
}

// A cache that cannot be reached (Redis down) answers the generic 500.
Reply cache_failed(const StoreError& error) {
  log::error("cache: {}", error.detail);
  return error_reply(Error::internal());
}

// U5: the whole body is cached for 60 s under a canonical key (step 6 of the pipeline).
Reply find_one(RequestContext& ctx) {
  std::string_view id_text = ctx.param("id");
  auto& engine = ctx.engine();
  std::optional<std::string> key;
  if (auto id = parse_decimal(id_text)) key = UserService::cache_key(std::to_string(*id));
  if (key) {
    auto cached = engine.cache().get(*key);
    if (!cached) return cache_failed(cached.error());
    if (*cached) return Reply{200, std::string(json_content_type), std::move(**cached), {}};
  }
  auto found = engine.users().get(id_text);
  if (!found) return error_reply(found.error());
  Reply reply = success({{"message", "Successed."}, {"data", views::user_public(found.value())}});
  if (key) {
    auto stored = engine.cache().set(*key, reply.body, engine.config().user_cache_ttl);
    if (!stored) return cache_failed(stored.error());
  }
  return reply;
}

// U6: removes the presented token only.
Reply logout(RequestContext& ctx) {
  auto done = ctx.engine().users().logout(ctx.caller());
  if (!done) return error_reply(done.error());
  return success_message(done.value());
}

// Issue 14: everything held about the caller as one JSON document, streamed page by page. The
// small parts are read here, so that a failure still gets an error envelope; a failure while
// the messages stream cuts the body short (ChunkSource).
Reply export_account(RequestContext& ctx) {
  auto& engine = ctx.engine();
  const UserId me = ctx.caller().id;
  auto account = engine.account_export().account(me);
  if (!account) return error_reply(account.error());
  Reply reply{200, std::string(json_content_type)};
  reply.headers.emplace_back("Content-Disposition",
                             "attachment; filename=\"im-export-" + std::to_string(me) + ".json\"");
  reply.stream = std::make_shared<AccountExportStream>(engine.account_export(), std::move(*account),
                                                       engine.clock().now_s());
  return reply;
}

}  // namespace

void add_user_routes(RouteTable& table) {
  table.add(Route{"POST", "/api/v1/users/login", false, std::nullopt, login, "login", "User",
                  "Log in with account and password", false, route_docs::login(),
                  /*hashes_password=*/true});
  table.add(Route{"POST", "/api/v1/users/create", false, std::nullopt, create, "create", "User",
                  "Register a new user", false, route_docs::register_user(),
                  /*hashes_password=*/true});
  table.add(Route{"DELETE", "/api/v1/users", true, std::nullopt, remove_one, "removeOne", "User",
                  "Delete the caller", false, route_docs::delete_caller()});
  table.add(Route{"PUT", "/api/v1/users", true, std::nullopt, update_one, "updateOne", "User",
                  "Update the caller's e-mail and avatar", false, route_docs::update_caller()});
  table.add(Route{"POST", "/api/v1/users/logout", true, std::nullopt, logout, "logout", "User",
                  "Revoke the presented token", false, route_docs::logout()});
  // Before /users/:id, which would match it first.
  table.add(Route{"GET", "/api/v1/users/export", true, std::nullopt, export_account, "exportData",
                  "User", "Export everything the server holds about the caller", false,
                  route_docs::export_account()});
  table.add(Route{"GET", "/api/v1/users/:id", true, 1, find_one, "findOne", "User",
                  "Get a user's public profile", false, route_docs::find_user()});
}

}  // namespace im::host
