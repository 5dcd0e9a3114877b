#include "extension_binding.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "binding.hpp"
#include "core_args.hpp"
#include "im/services/block_service.hpp"
#include "im/services/history_service.hpp"
#include "im/services/message_sync_service.hpp"
#include "im/services/presence_service.hpp"
#include "server/json/extension_views.hpp"

namespace im::node::extensions {

namespace json = boost::json;

namespace {

// The same JSON the REST route answers, as JS values (through JSON.parse: one conversion
// for every shape, and the shapes stay those of docs/protocol-extensions.md).
Napi::Value to_js(Napi::Env env, const json::value& value) {
  Napi::Object json_object = env.Global().Get("JSON").As<Napi::Object>();
  return json_object.Get("parse").As<Napi::Function>().Call(
      json_object, {Napi::String::New(env, json::serialize(value))});
}

template <class Row, class View>
Napi::Value rows_to_js(Napi::Env env, const std::vector<Row>& rows, View view) {
  json::array out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(view(row));
  return to_js(env, out);
}

const UserContext& caller(const Napi::CallbackInfo& info, EmbeddedCore& core, const char* what) {
  return *value_or_throw(info.Env(), core.user(user_arg(info, 0, std::string(what) + ": userId")));
}

// An id option; the service answers a non-positive one as the route does (400).
std::optional<std::int64_t> id_option(OptionsReader& opts, const char* key) {
  return opts.integer(key, INT64_MIN, INT64_MAX);
}

}  // namespace

Napi::Value block(const Napi::CallbackInfo& info, EmbeddedCore& core) {
  const auto& user = caller(info, core, "block");
  UserId other = user_arg(info, 1, "block: otherId");
  return Napi::String::New(info.Env(),
                           value_or_throw(info.Env(), core.engine().blocks().block(user, other)));
}

Napi::Value unblock(const Napi::CallbackInfo& info, EmbeddedCore& core) {
  const auto& user = caller(info, core, "unblock");
  UserId other = user_arg(info, 1, "unblock: otherId");
  return Napi::String::New(info.Env(),
                           value_or_throw(info.Env(), core.engine().blocks().unblock(user, other)));
}

Napi::Value blocks(const Napi::CallbackInfo& info, EmbeddedCore& core) {
  const auto& user = caller(info, core, "blocks");
  auto rows = value_or_throw(info.Env(), core.engine().blocks().list(user));
  return rows_to_js(info.Env(), rows, host::views::blocked_user);
}

Napi::Value history(const Napi::CallbackInfo& info, EmbeddedCore& core) {
  Napi::Env env = info.Env();
  const auto& user = caller(info, core, "history");
  OptionsReader opts(env, info.Length() > 1 ? info[1] : env.Undefined(), "history");
  HistoryRequest request;
  request.peer = id_option(opts, "peer");
  request.group = id_option(opts, "group");
  request.before = id_option(opts, "before");
  request.limit = opts.integer("limit", INT32_MIN, INT32_MAX).value_or(request.limit);
  auto rows = value_or_throw(env, core.engine().history().messages(user, request));
  return rows_to_js(env, rows, host::views::history_message);
}

Napi::Value conversations(const Napi::CallbackInfo& info, EmbeddedCore& core) {
  const auto& user = caller(info, core, "conversations");
  auto rows = value_or_throw(info.Env(), core.engine().history().conversations(user));
  return rows_to_js(info.Env(), rows, host::views::conversation);
}

Napi::Value search(const Napi::CallbackInfo& info, EmbeddedCore& core) {
  Napi::Env env = info.Env();
  const auto& user = caller(info, core, "search");
  SearchRequest request;
  request.text = string_arg(info, 1, "search: text");
  OptionsReader opts(env, info.Length() > 2 ? info[2] : env.Undefined(), "search");
  request.before = id_option(opts, "before");
  request.limit = opts.integer("limit", INT32_MIN, INT32_MAX).value_or(request.limit);
  auto rows = value_or_throw(env, core.engine().history().search(user, request));
  return rows_to_js(env, rows, host::views::history_message);
}

Napi::Value sync(const Napi::CallbackInfo& info, EmbeddedCore& core) {
  Napi::Env env = info.Env();
  const auto& user = caller(info, core, "sync");
  OptionsReader opts(env, info.Length() > 1 ? info[1] : env.Undefined(), "sync");
  const std::int64_t after = opts.integer("after", INT64_MIN, INT64_MAX).value_or(0);
  const std::int64_t limit =
      opts.integer("limit", INT32_MIN, INT32_MAX).value_or(MessageSyncService::kDefaultLimit);
  auto rows = value_or_throw(env, core.engine().message_sync().changes(user, after, limit));
  return rows_to_js(env, rows, host::views::sync_message);
}

Napi::Value recall(const Napi::CallbackInfo& info, EmbeddedCore& core) {
  Napi::Env env = info.Env();
  const auto& user = caller(info, core, "recall");
  MessageId id = user_arg(info, 1, "recall: messageId");
  auto changed = value_or_throw(env, core.engine().message_sync().recall(user, id));
  return to_js(env, host::views::sync_message(changed));
}

Napi::Value edit(const Napi::CallbackInfo& info, EmbeddedCore& core) {
  Napi::Env env = info.Env();
  const auto& user = caller(info, core, "edit");
  MessageId id = user_arg(info, 1, "edit: messageId");
  std::string content = string_arg(info, 2, "edit: content");
  auto changed = value_or_throw(env, core.engine().message_sync().edit(user, id, content));
  return to_js(env, host::views::sync_message(changed));
}

Napi::Value presence(const Napi::CallbackInfo& info, EmbeddedCore& core) {
  Napi::Env env = info.Env();
  const auto& user = caller(info, core, "presence");
  if (info.Length() < 2 || !info[1].IsArray())
    throw_type_error(env, "presence: ids must be an array");
  auto array = info[1].As<Napi::Array>();
  std::vector<UserId> ids;
  for (std::uint32_t i = 0; i < array.Length(); ++i)
    ids.push_back(to_int64(array.Get(i), "presence: ids"));
  auto entries = value_or_throw(env, core.engine().presence().lookup(user, ids));
  Napi::Array out = Napi::Array::New(env, entries.size());
  for (std::uint32_t i = 0; i < entries.size(); ++i) {
    Napi::Object entry = Napi::Object::New(env);
    entry.Set("userId", Napi::Number::New(env, static_cast<double>(entries[i].user_id)));
    entry.Set("online", Napi::Boolean::New(env, entries[i].online));
    out.Set(i, entry);
  }
  return out;
}

Napi::Value presence_hidden(const Napi::CallbackInfo& info, EmbeddedCore& core) {
  const auto& user = caller(info, core, "presenceHidden");
  return Napi::Boolean::New(info.Env(),
                            value_or_throw(info.Env(), core.engine().presence().hidden(user)));
}

Napi::Value set_presence_hidden(const Napi::CallbackInfo& info, EmbeddedCore& core) {
  Napi::Env env = info.Env();
  const auto& user = caller(info, core, "setPresenceHidden");
  if (info.Length() < 2 || !info[1].IsBoolean())
    throw_type_error(env, "setPresenceHidden: hidden must be a boolean");
  const bool hidden = info[1].As<Napi::Boolean>().Value();
  return Napi::Boolean::New(env,
                            value_or_throw(env, core.engine().presence().set_hidden(user, hidden)));
}

}  // namespace im::node::extensions
