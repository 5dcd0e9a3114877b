#include "server/realtime/im_realtime.hpp"

#include <boost/asio/post.hpp>

#include "im/realtime.hpp"
#include "server/http/connection_limits.hpp"
#include "server/push/push_webhook.hpp"
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

RealtimeOptions realtime_options(const HostConfig& config, IoThreads& io,
                                 asio::thread_pool& workers, std::shared_ptr<Bus> bus,
                                 PushWebhook* push_webhook) {
  RealtimeOptions options;
  options.workers = [&workers](std::function<void()> fn) { asio::post(workers, std::move(fn)); };
  // Acks and pushes of a stored batch run on an I/O thread: one hand-off per batch; from there
  // each reaches its socket's I/O thread.
  options.messages.completions = [&io](std::function<void()> fn) {
    asio::post(io.next(), std::move(fn));
  };
  options.messages.checks_on_writer = config.db.host.empty();  // the embedded SQLite store
  options.messages.max_queued = config.message_queue;
  options.bus = std::move(bus);
  if (push_webhook) options.messages.push_outbox = &push_webhook->outbox();
  return options;
}

struct ImRealtime::Impl {
  std::unique_ptr<PushWebhook> push_webhook;  // first: the core's writer feeds it till it goes
  Realtime core;
  std::shared_ptr<sio::SocketIoServer> socketio;
  std::shared_ptr<eio::EngineIoServer> engineio;

  Impl(Engine& e, const HostConfig& config, IoThreads& io, asio::thread_pool& workers,
       std::shared_ptr<Bus> bus)
      : push_webhook(PushWebhook::create(config, e)),
        core(e, realtime_options(config, io, workers, std::move(bus), push_webhook.get())),
        socketio(std::make_shared<sio::SocketIoServer>()) {
    socketio->add_namespace(
        "/", std::make_shared<ImSocketIoHandler>(e, workers, core, config.max_sessions_per_user));
    engineio = std::make_shared<eio::EngineIoServer>(
        [&io]() -> asio::any_io_executor { return io.next().get_executor(); },
        engineio_options(config), socketio->open_handler());
  }
};

ImRealtime::ImRealtime(Engine& engine, const HostConfig& config, IoThreads& io,
                       asio::thread_pool& workers, std::shared_ptr<Bus> bus)
    : impl_(std::make_unique<Impl>(engine, config, io, workers, std::move(bus))) {}

ImRealtime::~ImRealtime() {
  impl_->engineio->close_all();  // the transport stops feeding the core before it goes
}

bool ImRealtime::stop(std::chrono::steady_clock::time_point deadline) {
  impl_->core.drain();
  if (impl_->push_webhook) impl_->push_webhook->stop();  // after its last events are stored
  impl_->engineio->close_all();
  return impl_->engineio->wait_closed(deadline);
}

std::shared_ptr<SocketEndpoint> ImRealtime::socket_endpoint() {
  return impl_->engineio;
}
Hub& ImRealtime::hub() {
  return impl_->core.hub();
}
std::size_t ImRealtime::connection_count() const {
  return impl_->engineio->size();
}

}  // namespace im::host
