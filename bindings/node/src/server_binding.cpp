// startServer(options) -> { port, url, close() }: the whole host (im::host::ImServer) in-process,
// on its own I/O and worker threads, which never call into JavaScript. close() stops it and
// joins those threads; it is idempotent. An unclosed server is stopped by its finalizer when it
// is garbage-collected, and every server still running is stopped when the Node environment
// shuts down (cleanup hook), so neither path leaves threads running into process exit.
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "binding.hpp"
#include "im/log.hpp"
#include "server/im_server.hpp"

namespace im::node {
namespace {

namespace fs = std::filesystem;

// The servers of one Node environment that may still run.
struct Registry {
  LiveObjects<host::ImServer> servers;

  static void cleanup(void* arg) {
    auto* self = static_cast<Registry*>(arg);
    self->servers.stop_all([](host::ImServer& server) { server.stop(); });
    delete self;
  }
};

struct AddonData {
  Napi::FunctionReference server_class;
  Registry* registry = nullptr;  // deleted by its cleanup hook
};

// A throw-away folder for the host's upload directories, removed when the server stops.
std::string make_temp_dir() {
  std::string pattern = (fs::temp_directory_path() / "im-node-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary folder");
  return pattern;
}

class ServerHandle : public Napi::ObjectWrap<ServerHandle> {
 public:
  static Napi::Function define(Napi::Env env) {
    return DefineClass(
        env, "ImServer",
        {InstanceAccessor<&ServerHandle::port>("port"), InstanceAccessor<&ServerHandle::url>("url"),
         InstanceAccessor<&ServerHandle::closed>("closed"),
         InstanceMethod<&ServerHandle::close>("close")});
  }

  explicit ServerHandle(const Napi::CallbackInfo& info) : Napi::ObjectWrap<ServerHandle>(info) {
    Napi::Env env = info.Env();
    Napi::Object opts = info.Length() > 0 && info[0].IsObject() ? info[0].As<Napi::Object>()
                                                                : Napi::Object::New(env);
    host::HostConfig config = read_config(env, opts);
    try {
      server_ = std::make_shared<host::ImServer>(std::move(config));
      server_->start();
    } catch (const std::exception& e) {
      server_.reset();
      remove_temp_dir();
      throw_error(env, std::string("startServer: ") + e.what());
    }
    port_ = server_->port();
    host_ = bind_address_;
    env.GetInstanceData<AddonData>()->registry->servers.add(server_);
  }

  ~ServerHandle() override { shutdown(); }

 private:
  host::HostConfig read_config(Napi::Env env, const Napi::Object& opts) {
    host::HostConfig c;
    c.production = false;
    c.log_file.clear();
    c.io_threads = 2;
    c.worker_threads = 2;
    c.port = 0;
    c.bind_address = "127.0.0.1";
    c.sqlite_path = ":memory:";
    auto has = [&](const char* k) {
      Napi::Value v = opts.Get(k);
      return !v.IsUndefined() && !v.IsNull();
    };
    auto str = [&](const char* k) {
      Napi::Value v = opts.Get(k);
      if (!v.IsString())
        throw_type_error(env, std::string("startServer: ") + k + " must be a string");
      return v.As<Napi::String>().Utf8Value();
    };
    auto integer = [&](const char* k, std::int64_t lo, std::int64_t hi) {
      std::int64_t v = to_int64(opts.Get(k), std::string("startServer: ") + k);
      if (v < lo || v > hi)
        throw Napi::RangeError::New(env, std::string("startServer: ") + k + " out of range");
      return v;
    };
    if (has("port")) c.port = static_cast<std::uint16_t>(integer("port", 0, 65535));
    if (has("host")) c.bind_address = str("host");
    bind_address_ = c.bind_address;
    if (has("storage")) {
      std::string s = str("storage");
      c.sqlite_path = s == "memory" ? ":memory:" : s;
    }
    if (!has("secret")) throw_error(env, "startServer: secret is required");
    c.engine.secret_key = str("secret");
    if (c.engine.secret_key.empty()) throw_error(env, "startServer: secret must not be empty");
    if (has("origins")) {
      Napi::Value v = opts.Get("origins");
      if (!v.IsArray()) throw_type_error(env, "startServer: origins must be an array of strings");
      auto arr = v.As<Napi::Array>();
      for (std::uint32_t i = 0; i < arr.Length(); ++i) {
        Napi::Value o = arr.Get(i);
        if (!o.IsString())
          throw_type_error(env, "startServer: origins must be an array of strings");
        c.client_origins.push_back(o.As<Napi::String>().Utf8Value());
      }
    }
    if (has("requireFriendship")) {
      Napi::Value v = opts.Get("requireFriendship");
      if (!v.IsBoolean()) throw_type_error(env, "startServer: requireFriendship must be a boolean");
      c.engine.require_friendship = v.As<Napi::Boolean>().Value();
    }
    if (has("ioThreads")) c.io_threads = static_cast<int>(integer("ioThreads", 1, 256));
    if (has("workerThreads")) c.worker_threads = static_cast<int>(integer("workerThreads", 1, 256));
    if (has("bcryptCost")) c.engine.bcrypt_cost = static_cast<int>(integer("bcryptCost", 4, 31));
    // The log level is process-wide (im::log): the last server started sets it.
    std::string level = has("logLevel") ? str("logLevel") : "warn";
    auto parsed = log::parse_level(level);
    if (!parsed)
      throw_type_error(env, "startServer: logLevel must be trace|debug|info|warn|error|off");
    log::set_level(*parsed);
    if (has("dataDir")) {
      std::string dir = str("dataDir");
      c.multer_dest = (fs::path(dir) / "upload").string();
      c.uploads_static_dir = (fs::path(dir) / "uploads").string();
    } else {
      try {
        temp_dir_ = make_temp_dir();
      } catch (const std::exception& e) {
        throw_error(env, std::string("startServer: ") + e.what());
      }
      c.multer_dest = (fs::path(temp_dir_) / "upload").string();
      c.uploads_static_dir = (fs::path(temp_dir_) / "uploads").string();
    }
    return c;
  }

  Napi::Value port(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), port_); }
  Napi::Value url(const Napi::CallbackInfo& info) {
    std::string h = host_ == "0.0.0.0" ? "127.0.0.1" : host_;
    return Napi::String::New(info.Env(), "http://" + h + ":" + std::to_string(port_));
  }
  Napi::Value closed(const Napi::CallbackInfo& info) {
    return Napi::Boolean::New(info.Env(), !server_);
  }
  Napi::Value close(const Napi::CallbackInfo& info) {
    shutdown();
    return info.Env().Undefined();
  }

  // Stops the host and joins its threads (blocks the caller until then; no JS runs meanwhile).
  void shutdown() {
    if (server_) {
      server_->stop();
      server_.reset();
    }
    remove_temp_dir();
  }
  void remove_temp_dir() {
    if (temp_dir_.empty()) return;
    std::error_code ec;
    fs::remove_all(temp_dir_, ec);
    temp_dir_.clear();
  }

  std::shared_ptr<host::ImServer> server_;
  std::uint16_t port_ = 0;
  std::string host_;
  std::string bind_address_;
  std::string temp_dir_;
};

Napi::Value start_server(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Value opts = info.Length() > 0 ? info[0] : env.Undefined();
  if (!opts.IsUndefined() && (!opts.IsObject() || opts.IsArray()))
    throw_type_error(env, "startServer: options must be an object");
  return env.GetInstanceData<AddonData>()->server_class.New(
      {opts.IsUndefined() ? Napi::Object::New(env) : opts});
}

}  // namespace

void init_server(Napi::Env env, Napi::Object exports) {
  auto* data = new AddonData();
  data->server_class = Napi::Persistent(ServerHandle::define(env));
  data->registry = new Registry();
  napi_add_env_cleanup_hook(env, &Registry::cleanup, data->registry);
  env.SetInstanceData<AddonData>(data);
  exports.Set("startServer", Napi::Function::New(env, start_server, "startServer"));
}

}  // namespace im::node
