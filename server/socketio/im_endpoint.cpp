#include "server/socketio/im_endpoint.hpp"

#include <atomic>

#include <boost/asio/post.hpp>

#include "im/log.hpp"
#include "server/http/connection_limits.hpp"
#include "server/socketio/engineio_server.hpp"
#include "server/socketio/socketio_socket.hpp"

namespace im::host {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

std::atomic<std::uint64_t> next_session_id{1};

// im::Session over a Socket.IO socket.
class SocketSession : public Session {
 public:
  SocketSession(std::weak_ptr<sio::Socket> socket, UserContext user)
      : id_(next_session_id++), socket_(std::move(socket)), user_(std::move(user)) {}

  std::uint64_t id() const override { return id_; }
  const UserContext& user() const override { return user_; }

  void send(std::string_view event, SharedBytes payload, AckCallback on_ack,
            std::chrono::milliseconds timeout) override {
    auto socket = socket_.lock();
    if (!socket) {
      if (on_ack) on_ack(AckReply{AckReply::Kind::closed, {}});
      return;
    }
    sio::AckCallback cb;
    if (on_ack) {
      cb = [on_ack = std::move(on_ack)](sio::AckStatus status, std::vector<sio::Arg> args) {
        AckReply reply;
        if (status == sio::AckStatus::closed) {
          reply.kind = AckReply::Kind::closed;
        } else if (status == sio::AckStatus::timeout) {
          reply.kind = AckReply::Kind::timeout;
        } else if (!args.empty() && args[0].binary) {
          reply.kind = AckReply::Kind::binary;
          reply.bytes = std::move(args[0].bytes);
        } else {
          reply.kind = AckReply::Kind::other;  // e.g. a JSON ack (B25)
        }
        on_ack(std::move(reply));
      };
    }
    socket->emit(std::string(event), {sio::Arg::blob(std::move(payload))}, std::move(cb), timeout);
  }

  void close() override {
    if (auto socket = socket_.lock()) socket->disconnect();
  }

 private:
  std::uint64_t id_;
  std::weak_ptr<sio::Socket> socket_;
  UserContext user_;
};

// The IM application on top of Socket.IO (docs/contract/realtime.md 3.2-3.5, 5).
class ImHandler : public sio::Handler {
 public:
  ImHandler(Engine& engine, asio::thread_pool& workers, Hub& hub, MessageService& messages,
            std::size_t max_sessions_per_user)
      : engine_(engine),
        workers_(workers),
        hub_(hub),
        messages_(messages),
        max_sessions_per_user_(max_sessions_per_user) {}

  void on_connect(const std::shared_ptr<sio::Socket>& socket,
                  const boost::beast::http::fields& headers, Verdict verdict) override {
    std::string userid(headers["userid"]);
    std::string token(headers["authorization"]);
    // A token-store lookup and a JWT check: off the I/O thread (3.2; no TTL refresh).
    asio::post(workers_, [this, weak = std::weak_ptr<sio::Socket>(socket), userid, token,
                          verdict = std::move(verdict)] {
      // A token store that cannot be reached (Redis down) refuses the CONNECT like a bad token.
      auto ctx = [&]() -> Result<UserContext> {
        try {
          return engine_.auth().authenticate(userid, token, /*refresh_ttl=*/false);
        } catch (const std::exception& e) {
          log::error("socket authentication failed: {}", e.what());
          return Error::internal();
        }
      }();
      if (!ctx) {
        verdict(std::string("Authentication error"), nullptr);
        return;
      }
      // One user cannot hold the node's memory with endless sessions (issue 11 item 8). The
      // count is taken before this session joins: concurrent CONNECTs may pass it together.
      if (max_sessions_per_user_ != 0 && hub_.session_count(ctx->id) >= max_sessions_per_user_) {
        verdict(std::string("Too many sessions"), nullptr);
        return;
      }
      verdict(std::nullopt, std::make_shared<SocketSession>(weak, std::move(*ctx)));
    });
  }

  void on_connected(const std::shared_ptr<sio::Socket>& socket) override {
    if (auto session = find(*socket)) hub_.add(session);
  }

  void on_event(const std::shared_ptr<sio::Socket>& socket, const std::string& name,
                std::vector<sio::Arg> args, sio::AckSender ack) override {
    const bool is_message = name == "on-message";
    const bool is_read = name == "on-message:read";
    const bool is_notify = name == "on-notify";
    if (!is_message && !is_read && !is_notify) return;  // unknown events: ignored (3.4)
    auto session = find(*socket);
    if (!session) return;
    bool ok = false;
    if (!args.empty() && args[0].binary) {
      const std::string& bytes = args[0].bytes;
      MessageService::AckFn ack_fn;
      if (ack) {
        ack_fn = [ack = std::move(ack)](const codec::AckMessage& value) {
          ack({sio::Arg::blob(std::make_shared<const std::string>(codec::encode(value)))});
        };
      }
      if (is_message) {
        ok = messages_.on_message(session, bytes, std::move(ack_fn));
      } else if (is_read) {
        ok = messages_.on_read(session, bytes, std::move(ack_fn));
      } else {
        ok = messages_.on_notify(bytes);
      }
    }
    if (!ok) {
      // 3.4: non-binary, missing or undecodable argument; no ack.
      socket->emit("exception", {sio::Arg::value(json::object{
                                    {"status", "error"}, {"message", "Internal server error"}})});
    }
  }

  void on_disconnect(const std::shared_ptr<sio::Socket>& socket, std::string_view) override {
    if (auto session = find(*socket)) hub_.remove(*session);  // only this session (B18)
  }

 private:
  static std::shared_ptr<Session> find(const sio::Socket& socket) {
    return std::static_pointer_cast<SocketSession>(socket.data());
  }

  Engine& engine_;
  asio::thread_pool& workers_;
  Hub& hub_;
  MessageService& messages_;
  std::size_t max_sessions_per_user_;
};

}  // namespace

struct ImSocketEndpoint::Impl {
  Engine& engine;
  std::string path;  // with the trailing slash
  Hub hub;
  MessageService messages;
  std::shared_ptr<ImHandler> handler;
  std::shared_ptr<eio::Server> server;

  Impl(Engine& e, const HostConfig& config, IoThreads& io, asio::thread_pool& workers)
      : engine(e),
        path(config.socket_path),
        hub(e.config().push_ack_timeout),
        messages(
            e.config(), e.storage(), e.clock(), hub,
            [&workers](std::function<void()> fn) {
              // A failing adapter (e.g. Redis down) must not end a worker thread (S15).
              asio::post(workers, [fn = std::move(fn)] {
                try {
                  fn();
                } catch (const std::exception& e) {
                  log::error("realtime task failed: {}", e.what());
                }
              });
            },
            MessageService::Options{
                256,
                // Acks and pushes of a stored batch run on an I/O thread: one hand-off per
                // batch; from there each reaches its socket's strand.
                [&io](std::function<void()> fn) { asio::post(io.next(), std::move(fn)); },
                config.db.host.empty(),  // the embedded SQLite store: checks on the writer
                config.message_queue}) {
    if (path.empty() || path.back() != '/') path += '/';
    handler = std::make_shared<ImHandler>(e, workers, hub, messages, config.max_sessions_per_user);
    eio::Options options;
    options.allowed_origins = config.client_origins;
    options.close_grace = config.ws_close_grace;
    // Polling sessions hold no TCP connection: bounded on their own, by default like connections.
    options.max_sessions = config.max_socket_sessions != 0 ? config.max_socket_sessions
                           : config.max_connections != 0   ? config.max_connections
                                                         : ConnectionLimits::automatic_max_total();
    server = std::make_shared<eio::Server>(
        [&io]() -> asio::any_io_executor { return io.next().get_executor(); }, options,
        sio::socketio_open_handler(handler));
  }
};

ImSocketEndpoint::ImSocketEndpoint(Engine& engine, const HostConfig& config, IoThreads& io,
                                   asio::thread_pool& workers)
    : impl_(std::make_unique<Impl>(engine, config, io, workers)) {}

ImSocketEndpoint::~ImSocketEndpoint() {
  impl_->engine.set_delivery_flusher(nullptr);
  impl_->engine.auth().on_revoked(nullptr);
  impl_->server->close_all();
  impl_->hub.set_bus(nullptr);  // joins the bus's threads before the services go away
}

void ImSocketEndpoint::start() {
  impl_->messages.recover();
  impl_->engine.set_delivery_flusher([this] { impl_->messages.flush(); });
  // S7: a revoked token ends its sockets with `41`, then the Engine.IO close.
  impl_->engine.auth().on_revoked([this](UserId user, std::optional<std::string> token) {
    impl_->hub.close_sessions(user, token);
  });
}

bool ImSocketEndpoint::stop(std::chrono::steady_clock::time_point deadline) {
  impl_->messages.drain();
  impl_->server->close_all();
  return impl_->server->wait_closed(deadline);
}

NotifyPusher& ImSocketEndpoint::notify_pusher() {
  return impl_->messages;
}
Hub& ImSocketEndpoint::hub() {
  return impl_->hub;
}
MessageService& ImSocketEndpoint::messages() {
  return impl_->messages;
}
std::size_t ImSocketEndpoint::connection_count() const {
  return impl_->server->size();
}

bool ImSocketEndpoint::matches(std::string_view path) const {
  std::string_view p = impl_->path;
  return path == p || path == p.substr(0, p.size() - 1);  // J25
}

std::size_t ImSocketEndpoint::body_limit() const {
  return impl_->server->options().max_payload;
}

std::shared_ptr<void> ImSocketEndpoint::claim_post(std::string_view target) {
  return impl_->server->claim_post(target);
}

void ImSocketEndpoint::payload_too_large(std::string_view target) {
  impl_->server->payload_too_large(target);
}

void ImSocketEndpoint::handle_http(HttpRequest request, std::function<void(HttpResponse)> reply) {
  impl_->server->handle_http(std::move(request), std::move(reply));
}

void ImSocketEndpoint::handle_upgrade(NetStream stream, HttpRequest request) {
  impl_->server->handle_upgrade(std::move(stream), std::move(request));
}

}  // namespace im::host
