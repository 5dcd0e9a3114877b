#include "server/realtime/im_realtime.hpp"

#include <boost/asio/post.hpp>

#include "server/http/connection_limits.hpp"
#include "server/realtime/im_socketio_handler.hpp"
#include "server/socketio/engineio_server.hpp"
#include "server/socketio/socketio_server.hpp"

namespace im::host {

namespace asio = boost::asio;

namespace {

eio::EngineIoOptions engineio_options(const HostConfig& config) {
  eio::EngineIoOptions options;
  options.path = config.socket_path;
  options.allowed_origins = config.client_origins;
  options.close_grace = config.ws_close_grace;
  // Polling sessions hold no TCP connection: bounded on their own, by default like connections.
  options.max_sessions = config.max_socket_sessions != 0 ? config.max_socket_sessions
                         : config.max_connections != 0   ? config.max_connections
                                                         : ConnectionLimits::automatic_max_total();
  return options;
}

}  // namespace

struct ImRealtime::Impl {
  Engine& engine;
  Hub hub;
  MessageService messages;
  std::shared_ptr<sio::SocketIoServer> socketio;
  std::shared_ptr<eio::EngineIoServer> engineio;

  Impl(Engine& e, const HostConfig& config, IoThreads& io, asio::thread_pool& workers)
      : engine(e),
        hub(e.config().push_ack_timeout),
        messages(
            e.config(), e.message_stores(), e.clock(), hub,
            [&workers](std::function<void()> fn) { asio::post(workers, std::move(fn)); },
            MessageService::Options{
                256,
                // Acks and pushes of a stored batch run on an I/O thread: one hand-off per
                // batch; from there each reaches its socket's I/O thread.
                [&io](std::function<void()> fn) { asio::post(io.next(), std::move(fn)); },
                config.db.host.empty(),  // the embedded SQLite store: checks on the writer
                config.message_queue}),
        socketio(std::make_shared<sio::SocketIoServer>()) {
    socketio->add_namespace("/", std::make_shared<ImSocketIoHandler>(e, workers, hub, messages,
                                                                     config.max_sessions_per_user));
    engineio = std::make_shared<eio::EngineIoServer>(
        [&io]() -> asio::any_io_executor { return io.next().get_executor(); },
        engineio_options(config), socketio->open_handler());
  }
};

ImRealtime::ImRealtime(Engine& engine, const HostConfig& config, IoThreads& io,
                       asio::thread_pool& workers)
    : impl_(std::make_unique<Impl>(engine, config, io, workers)) {}

ImRealtime::~ImRealtime() {
  impl_->engine.set_delivery_flusher(nullptr);
  impl_->engine.auth().on_revoked(nullptr);
  impl_->engineio->close_all();
  impl_->hub.set_bus(nullptr);  // joins the bus's threads before the services go away
}

void ImRealtime::start() {
  impl_->messages.recover();
  impl_->engine.set_delivery_flusher([this] { impl_->messages.flush(); });
  // S7: a revoked token ends its sockets with `41`, then the Engine.IO close.
  impl_->engine.auth().on_revoked([this](UserId user, std::optional<std::string> token) {
    impl_->hub.close_sessions(user, token);
  });
}

bool ImRealtime::stop(std::chrono::steady_clock::time_point deadline) {
  impl_->messages.drain();
  impl_->engineio->close_all();
  return impl_->engineio->wait_closed(deadline);
}

std::shared_ptr<SocketEndpoint> ImRealtime::socket_endpoint() {
  return impl_->engineio;
}
NotifyPusher& ImRealtime::notify_pusher() {
  return impl_->messages;
}
Hub& ImRealtime::hub() {
  return impl_->hub;
}
MessageService& ImRealtime::messages() {
  return impl_->messages;
}
std::size_t ImRealtime::connection_count() const {
  return impl_->engineio->size();
}

}  // namespace im::host
