// createCore(options) -> Core: the embedded core (im::Engine + im::Realtime, embedded_core.hpp)
// driven from JavaScript, the Node counterpart of examples/embed_hub (docs/embedding.md 2.2).
// Users are named by id; sessions deliver the core's pushes on the JS thread (js_session.hpp).
// Failures are JS Errors carrying the im::Error: `code` (the Errc name), `status`, `wireMessage`,
// and the detail as the message. close() is idempotent; an unclosed core is closed by its
// finalizer when garbage-collected, and every core still open at environment teardown.
#include <memory>
#include <optional>
#include <string>

#include "binding.hpp"
#include "core_args.hpp"
#include "embedded_core.hpp"
#include "extension_binding.hpp"
#include "im/codec.hpp"
#include "im/extension_frames.hpp"
#include "im/result.hpp"

namespace im::node {
namespace {

// The classes of one Node environment (the session class for sendMessage's type check) and its
// cores that may still be open.
struct CoreAddon {
  Napi::FunctionReference core_class;
  Napi::FunctionReference session_class;
  LiveObjects<EmbeddedCore> cores;

  // Registered before any session's thread-safe function, so it runs after Node finalized them
  // (cleanup hooks run in reverse order).
  static void cleanup(void* arg) {
    auto* self = static_cast<CoreAddon*>(arg);
    self->cores.stop_all([](EmbeddedCore& core) { core.close(); });
    delete self;
  }
};

// What core.connect returns: one connected session, ended by disconnect() (idempotent).
class SessionHandle : public Napi::ObjectWrap<SessionHandle> {
 public:
  static Napi::Function define(Napi::Env env) {
    return DefineClass(env, "ImSession",
                       {InstanceMethod<&SessionHandle::disconnect>("disconnect"),
                        InstanceAccessor<&SessionHandle::connected>("connected"),
                        InstanceAccessor<&SessionHandle::user_id>("userId")});
  }
  explicit SessionHandle(const Napi::CallbackInfo& info) : Napi::ObjectWrap<SessionHandle>(info) {}

  void attach(std::shared_ptr<EmbeddedCore> core, std::shared_ptr<JsSession> session) {
    core_ = std::move(core);
    session_ = std::move(session);
  }
  const std::shared_ptr<JsSession>& session() const { return session_; }
  bool belongs_to(const EmbeddedCore* core) const { return core_.lock().get() == core; }

 private:
  Napi::Value disconnect(const Napi::CallbackInfo& info) {
    // A closed (or collected) core has shut its sessions already.
    if (auto core = core_.lock(); session_ && core && !core->closed()) core->disconnect(session_);
    return info.Env().Undefined();
  }
  Napi::Value connected(const Napi::CallbackInfo& info) {
    return Napi::Boolean::New(info.Env(), session_ && session_->is_open());
  }
  Napi::Value user_id(const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), session_ ? static_cast<double>(session_->user().id) : 0);
  }

  std::weak_ptr<EmbeddedCore> core_;
  std::shared_ptr<JsSession> session_;
};

class CoreHandle : public Napi::ObjectWrap<CoreHandle> {
 public:
  static Napi::Function define(Napi::Env env, CoreAddon* addon) {
    return DefineClass(
        env, "ImCore",
        {InstanceMethod<&CoreHandle::register_user>("register"),
         InstanceMethod<&CoreHandle::login>("login"),
         InstanceMethod<&CoreHandle::friend_request>("friendRequest"),
         InstanceMethod<&CoreHandle::agree>("agree"),
         InstanceMethod<&CoreHandle::connect>("connect"),
         InstanceMethod<&CoreHandle::send_message>("sendMessage"),
         InstanceMethod<&CoreHandle::typing>("typing"),
         InstanceMethod<&CoreHandle::pending>("pending"),
         InstanceMethod<&CoreHandle::received>("received"),
         InstanceMethod<&CoreHandle::flush>("flush"),
         InstanceMethod<&CoreHandle::extension<&extensions::block>>("block"),
         InstanceMethod<&CoreHandle::extension<&extensions::unblock>>("unblock"),
         InstanceMethod<&CoreHandle::extension<&extensions::blocks>>("blocks"),
         InstanceMethod<&CoreHandle::extension<&extensions::history>>("history"),
         InstanceMethod<&CoreHandle::extension<&extensions::conversations>>("conversations"),
         InstanceMethod<&CoreHandle::extension<&extensions::search>>("search"),
         InstanceMethod<&CoreHandle::extension<&extensions::sync>>("sync"),
         InstanceMethod<&CoreHandle::extension<&extensions::recall>>("recall"),
         InstanceMethod<&CoreHandle::extension<&extensions::edit>>("edit"),
         InstanceMethod<&CoreHandle::extension<&extensions::presence>>("presence"),
         InstanceMethod<&CoreHandle::extension<&extensions::presence_hidden>>("presenceHidden"),
         InstanceMethod<&CoreHandle::extension<&extensions::set_presence_hidden>>(
             "setPresenceHidden"),
         InstanceMethod<&CoreHandle::close>("close"),
         InstanceAccessor<&CoreHandle::closed>("closed")},
        addon);
  }

  explicit CoreHandle(const Napi::CallbackInfo& info)
      : Napi::ObjectWrap<CoreHandle>(info), addon_(static_cast<CoreAddon*>(info.Data())) {
    Napi::Env env = info.Env();
    OptionsReader opts(env, info.Length() > 0 ? info[0] : env.Undefined(), "createCore");
    EngineConfig config;
    config.secret_key = opts.string("secret").value_or("");
    if (auto v = opts.integer("bcryptCost", 4, 31)) config.bcrypt_cost = static_cast<int>(*v);
    if (auto v = opts.integer("pushAckTimeoutMs", 1, 3'600'000))
      config.push_ack_timeout = std::chrono::milliseconds(*v);
    if (auto v = opts.boolean("requireFriendship")) config.require_friendship = *v;
    // SEND_RATE_PER_USER / SEND_BURST_PER_USER (whole messages; 0 turns the limit off).
    if (auto v = opts.integer("sendRatePerUser", 0, 1'000'000))
      config.send_rate_per_user = static_cast<double>(*v);
    if (auto v = opts.integer("sendBurstPerUser", 1, 1'000'000))
      config.send_burst_per_user = static_cast<double>(*v);
    std::string storage = opts.string("storage").value_or("memory");
    auto created =
        EmbeddedCore::create(std::move(config), storage == "memory" ? ":memory:" : storage);
    core_ = value_or_throw(env, std::move(created));
    addon_->cores.add(core_);
  }

  ~CoreHandle() override {
    if (core_) core_->close();
  }

 private:
  EmbeddedCore& open_core(Napi::Env env) {
    if (core_->closed()) throw_error(env, "the core is closed");
    return *core_;
  }

  using SignIn = Result<EmbeddedCore::SignedIn> (EmbeddedCore::*)(const std::string&,
                                                                  const std::string&);
  // (account, password) -> { id, token }
  Napi::Value sign_in(const Napi::CallbackInfo& info, const std::string& name, SignIn how) {
    Napi::Env env = info.Env();
    auto& core = open_core(env);
    std::string account = string_arg(info, 0, name + ": account");
    std::string password = string_arg(info, 1, name + ": password");
    auto s = value_or_throw(env, (core.*how)(account, password));
    Napi::Object out = Napi::Object::New(env);
    out.Set("id", Napi::Number::New(env, static_cast<double>(s.id)));
    out.Set("token", Napi::String::New(env, s.token));
    return out;
  }
  Napi::Value register_user(const Napi::CallbackInfo& info) {
    return sign_in(info, "register", &EmbeddedCore::register_user);
  }
  Napi::Value login(const Napi::CallbackInfo& info) {
    return sign_in(info, "login", &EmbeddedCore::login);
  }

  Napi::Value friend_request(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    auto& core = open_core(env);
    auto reply = value_or_throw(env, core.friend_request(user_arg(info, 0, "friendRequest: from"),
                                                         user_arg(info, 1, "friendRequest: to")));
    Napi::Object out = Napi::Object::New(env);
    out.Set("message", Napi::String::New(env, reply.message));
    out.Set("notifyId", Napi::String::New(env, reply.notify_id));
    return out;
  }

  Napi::Value agree(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    auto& core = open_core(env);
    UserId user = user_arg(info, 0, "agree: userId");
    std::string notify_id = string_arg(info, 1, "agree: notifyId");
    return Napi::String::New(env, value_or_throw(env, core.agree(user, notify_id)));
  }

  // connect(userId, { ack = true, features = [] }, (event, buffer) => {}) or
  // connect(userId, callback).
  Napi::Value connect(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    auto& core = open_core(env);
    UserId user = user_arg(info, 0, "connect: userId");
    const bool options_given = info.Length() > 2;
    Napi::Value callback = options_given ? info[2] : info[1];
    if (!callback.IsFunction())
      throw_type_error(env, "connect: the last argument must be a function");
    OptionsReader opts(env, options_given ? info[1] : env.Undefined(), "connect");
    const bool auto_ack = opts.boolean("ack").value_or(true);
    Features features;  // the names of a Socket.IO CONNECT payload's `features`
    for (const auto& name : opts.strings("features").value_or(std::vector<std::string>{})) {
      auto feature = feature_from_name(name);
      if (!feature) throw_type_error(env, "connect: unknown feature " + name);
      features.add(*feature);
    }
    auto session = value_or_throw(env, core.new_session(user, auto_ack, features));
    session->open(env, callback.As<Napi::Function>());
    core.connect(session);
    Napi::Object handle = addon_->session_class.New({});
    SessionHandle::Unwrap(handle)->attach(core_, session);
    return handle;
  }

  // The session of a sendMessage/typing call: a connected session of this core.
  const std::shared_ptr<JsSession>& session_arg(const Napi::CallbackInfo& info, const char* what) {
    Napi::Env env = info.Env();
    if (info.Length() < 1 || !info[0].IsObject() ||
        !info[0].As<Napi::Object>().InstanceOf(addon_->session_class.Value()))
      throw_type_error(env,
                       std::string(what) + ": the first argument must be a session of connect()");
    auto* handle = SessionHandle::Unwrap(info[0].As<Napi::Object>());
    if (!handle->belongs_to(core_.get()))
      throw_type_error(env, std::string(what) + ": the session belongs to another core");
    if (!handle->session()->is_open())
      throw_im_error(env, Error(Errc::invalid_argument, 400, {},
                                std::string(what) + ": the session is disconnected"));
    return handle->session();
  }

  // typing(session, { to } | { groupId }): a typing indicator, as an opted-in socket's on-typing.
  // Returns at once; refused indicators are dropped silently (docs/protocol-extensions.md 4).
  Napi::Value typing(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    auto& core = open_core(env);
    const auto& session = session_arg(info, "typing");
    if (!session->features().has(Feature::typing))
      throw_im_error(env, Error(Errc::invalid_argument, 400, {},
                                "typing: the session did not opt in to typing"));
    OptionsReader opts(env, info.Length() > 1 ? info[1] : env.Undefined(), "typing");
    std::optional<UserId> to = opts.integer("to", INT64_MIN, INT64_MAX);
    std::optional<GroupId> group = opts.integer("groupId", INT64_MIN, INT64_MAX);
    core.typing(session, ext::encode_typing(session->user().id, to, group));
    return env.Undefined();
  }

  // sendMessage(session, encodedMessageUp) -> the decoded AckMessage. Blocks the JS thread until
  // the core acks: the storage checks run on the core's worker, the ack on its message writer.
  Napi::Value send_message(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    auto& core = open_core(env);
    if (info.Length() < 2) throw_type_error(env, "sendMessage: expected (session, buffer)");
    const auto& session = session_arg(info, "sendMessage");
    if (!info[1].IsTypedArray() ||
        info[1].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array)
      throw_type_error(env, "sendMessage: the message must be a Buffer or Uint8Array");
    auto bytes = info[1].As<Napi::Uint8Array>();
    auto ack = core.send_message(session,
                                 {reinterpret_cast<const char*>(bytes.Data()), bytes.ByteLength()});
    if (!ack)
      throw_im_error(env, Error(Errc::invalid_argument, 400, {},
                                "sendMessage: the bytes are not an encoded MessageUp"));
    return ack_message_object(env, *ack);
  }

  // pending(userId, { page = 1, size = 100 }) -> { count, items: [MessageDown-like objects] }.
  Napi::Value pending(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    auto& core = open_core(env);
    UserId user = user_arg(info, 0, "pending: userId");
    OptionsReader opts(env, info.Length() > 1 ? info[1] : env.Undefined(), "pending");
    SyncPage page;
    page.number = opts.integer("page", INT32_MIN, INT32_MAX).value_or(1);
    page.size = opts.integer("size", INT32_MIN, INT32_MAX).value_or(100);
    auto result = value_or_throw(env, core.pending(user, page));
    Napi::Array items = Napi::Array::New(env, result.items.size());
    for (std::uint32_t i = 0; i < result.items.size(); ++i) {
      auto down = to_message_down(result.items[i]);
      if (!down) throw_error(env, "pending: a stored message does not encode as a MessageDown");
      items.Set(i, message_down_object(env, *down));
    }
    Napi::Object out = Napi::Object::New(env);
    out.Set("count", Napi::Number::New(env, static_cast<double>(result.count)));
    out.Set("items", items);
    return out;
  }

  // Exactly what the session's on-message would carry for it (the sender's current profile).
  static std::optional<codec::MessageDown> to_message_down(const MessageWithSender& item) {
    codec::SenderProfile profile;
    profile.id = item.message.sender;
    if (item.sender) {
      profile.account = item.sender->account.value_or("");
      profile.avatar = item.sender->avatar;
      profile.email = item.sender->email;
    }
    auto down = codec::decode_message_down(codec::encode_message_down(item.message, profile));
    if (down && !item.sender) down->sender_info.reset();
    return down;
  }

  // received(userId, upToId?): E5.
  Napi::Value received(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    auto& core = open_core(env);
    UserId user = user_arg(info, 0, "received: userId");
    std::optional<MessageId> up_to;
    if (info.Length() > 1 && present(info[1])) up_to = to_int64(info[1], "received: upToId");
    ok_or_throw(env, core.received(user, up_to));
    return env.Undefined();
  }

  // The extension services (extension_binding.hpp), on an open core.
  template <Napi::Value (*Method)(const Napi::CallbackInfo&, EmbeddedCore&)>
  Napi::Value extension(const Napi::CallbackInfo& info) {
    return Method(info, open_core(info.Env()));
  }

  Napi::Value flush(const Napi::CallbackInfo& info) {
    open_core(info.Env()).flush();
    return info.Env().Undefined();
  }

  Napi::Value close(const Napi::CallbackInfo& info) {
    core_->close();
    return info.Env().Undefined();
  }

  Napi::Value closed(const Napi::CallbackInfo& info) {
    return Napi::Boolean::New(info.Env(), core_->closed());
  }

  CoreAddon* addon_;
  std::shared_ptr<EmbeddedCore> core_;
};

Napi::Value create_core(const Napi::CallbackInfo& info) {
  auto* addon = static_cast<CoreAddon*>(info.Data());
  Napi::Env env = info.Env();
  return addon->core_class.New({info.Length() > 0 ? info[0] : env.Undefined()});
}

}  // namespace

void init_core(Napi::Env env, Napi::Object exports) {
  auto* addon = new CoreAddon();
  addon->core_class = Napi::Persistent(CoreHandle::define(env, addon));
  addon->session_class = Napi::Persistent(SessionHandle::define(env));
  napi_add_env_cleanup_hook(env, &CoreAddon::cleanup, addon);
  exports.Set("createCore", Napi::Function::New(env, create_core, "createCore", addon));
}

}  // namespace im::node
