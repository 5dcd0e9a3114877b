#include "server/im_server.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>

#include "im/log_format.hpp"
#include "server/adapters/mariadb/mariadb_storage.hpp"
#include "server/adapters/redis/redis_adapters.hpp"
#include "server/http/api.hpp"
#include "server/http/handlers/handlers.hpp"
#include "server/http/http_context.hpp"
#include "server/http/http_listener.hpp"
#include "server/http/tls_context.hpp"
#include "server/io_threads.hpp"
#include "server/metrics/operations.hpp"
#include "server/ports.hpp"
#include "server/realtime/im_realtime.hpp"

namespace im::host {

namespace asio = boost::asio;

struct ImServer::Impl {
  HostConfig config;
  // Declared first so that it outlives everything that refers to it.
  std::unique_ptr<Engine> engine;
  std::shared_ptr<asio::ssl::context> tls;  // TLS_CERT / TLS_KEY; null serves plain HTTP
  std::unique_ptr<IoThreads> io;
  std::unique_ptr<asio::thread_pool> workers;  // storage calls (S16)
  std::unique_ptr<asio::thread_pool> hashing;  // bcrypt: login and sign-up, nothing else
  std::unique_ptr<Api> api;
  std::shared_ptr<HttpContext> http;
  std::shared_ptr<ImRealtime> realtime;
  std::shared_ptr<HttpListener> listener;
  std::unique_ptr<asio::signal_set> signals;
  std::unique_ptr<asio::signal_set> hangups;  // SIGHUP: reopen the log file (logrotate)
  std::uint16_t port = 0;

  std::mutex mutex;
  std::condition_variable cv;
  bool started = false;
  bool stop_requested = false;
  bool stopped = false;

  void reopen_log_on_hangup() {
    hangups->async_wait([this](const boost::system::error_code& ec, int) {
      if (ec) return;
      log::reopen();
      log::info("log file reopened (SIGHUP)");
      reopen_log_on_hangup();
    });
  }

  void request_stop() {
    std::lock_guard lock(mutex);
    stop_requested = true;
    cv.notify_all();
  }
};

namespace {

// What GET /healthz and GET /metrics read (server/metrics).
OperationsSources operations_sources(const HostConfig& config, Engine& engine, HttpContext& http,
                                     ImRealtime& realtime, const std::string& node_id) {
  OperationsSources s;
  Database& database = *engine.storage().database;
  s.database = &database;
  if (!config.redis.host.empty()) s.redis_ping = make_redis_probe(config.redis);
  s.http = &http.metrics();
  Hub& hub = realtime.hub();
  s.realtime = &hub.stats();
  s.engineio_connections = [&realtime] { return realtime.connection_count(); };
  s.socketio_sessions = [&hub] { return hub.session_count(); };
  s.online_users = [&hub] { return hub.user_count(); };
  if (!config.db.host.empty()) s.db_pool = [&database] { return mariadb_pool_usage(database); };
  s.node_id = node_id;
  return s;
}

}  // namespace

ImServer::ImServer(HostConfig config) : impl_(std::make_unique<Impl>()) {
  auto& d = *impl_;
  d.config = std::move(config);
  // A certificate or key that cannot be used stops the start before anything else is opened.
  if (!d.config.tls_cert.empty() || !d.config.tls_key.empty())
    d.tls = make_tls_context(d.config.tls_cert, d.config.tls_key);
  auto engine = Engine::create(d.config.engine, make_ports(d.config));
  if (!engine) throw std::runtime_error(engine.error().detail);
  d.engine = std::move(engine).value();
  const int io_threads = d.config.io_threads > 0
                             ? d.config.io_threads
                             : static_cast<int>(std::thread::hardware_concurrency());
  d.io = std::make_unique<IoThreads>(static_cast<std::size_t>(std::max(1, io_threads)));
  d.workers = std::make_unique<asio::thread_pool>(
      static_cast<std::size_t>(std::max(1, d.config.worker_threads)));
  d.api = std::make_unique<Api>(*d.engine, d.config, make_api_routes());
  const int cores = static_cast<int>(std::max(2u, std::thread::hardware_concurrency()));
  d.hashing = std::make_unique<asio::thread_pool>(
      static_cast<std::size_t>(d.config.hash_threads > 0 ? d.config.hash_threads : cores / 2));
  d.http = std::make_shared<HttpContext>(*d.api, d.config, *d.workers, *d.hashing, d.tls);
  auto bus = make_bus(d.config);
  const std::string node_id = bus ? bus->node_id() : "local";
  d.realtime = std::make_shared<ImRealtime>(*d.engine, d.config, *d.io, *d.workers, std::move(bus));
  d.http->set_socket_endpoint(d.realtime->socket_endpoint());
  d.http->set_operations(std::make_shared<const Operations>(
      operations_sources(d.config, *d.engine, *d.http, *d.realtime, node_id)));
  d.listener = std::make_shared<HttpListener>(*d.io, d.config.bind_address, d.config.port, d.http);
  d.port = d.listener->port();
  d.config.port = d.port;  // the bound port (PORT=0 picks one); the OpenAPI servers name it
}

ImServer::~ImServer() {
  stop();
}

void ImServer::start() {
  auto& d = *impl_;
  {
    std::lock_guard lock(d.mutex);
    if (d.started) return;
    d.started = true;
  }
  d.listener->run();
  d.io->start();
  // Tests and scripts wait for exactly this line.
  log::info("im_server listening on {}://{}:{}", d.tls ? "https" : "http", d.config.bind_address,
            d.port);
}

void ImServer::stop() {
  auto& d = *impl_;
  // Connections still open when 90 % of SHUTDOWN_TIMEOUT has passed are dropped: the rest of
  // the stop (joining the threads, the writer's last commit) gets the last 10 %.
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::milliseconds(d.config.shutdown_timeout) * 9 / 10;
  bool running = false;
  {
    std::lock_guard lock(d.mutex);
    if (d.stopped) return;
    d.stopped = true;
    d.stop_requested = true;
    running = d.started;
    d.cv.notify_all();
  }
  if (d.listener) d.listener->stop();  // new TCP connections are refused from here on
  if (d.realtime && running) {
    // Needs the I/O threads: the acks of the last commits and the closes are written by them.
    log::info("stopping: {} Engine.IO connections to close", d.realtime->connection_count());
    if (!d.realtime->stop(deadline))
      log::warn("stopping: {} Engine.IO connections still open after SHUTDOWN_TIMEOUT; dropped",
                d.realtime->connection_count());
  }
  for (auto* set : {d.signals.get(), d.hangups.get()}) {
    boost::system::error_code ec;
    if (set) set->cancel(ec);
  }
  // Let running service calls finish; their replies are queued on the I/O context.
  if (d.workers) d.workers->join();
  if (d.hashing) d.hashing->join();
  if (d.io) {
    d.io->stop_and_join();
    // What was queued but did not run yet (typically the closes that realtime->stop() posted
    // to each connection's strand) runs now, on this thread: a connection whose close never
    // ran would keep itself and its socket alive in a cycle (seen as leaks at exit by ASan).
    d.io->drain();
  }
  // Destroying the I/O context destroys the pending handlers and with them the sessions. The
  // Engine.IO server, and connections it may still hold (dropped at the deadline), go first:
  // pending HTTP sessions keep the HttpContext, and a connection's timers belong to an I/O
  // context that may be destroyed before the session's.
  d.signals.reset();
  d.hangups.reset();
  d.listener.reset();
  if (d.http) d.http->set_socket_endpoint(nullptr);
  d.http.reset();
  d.realtime.reset();
  d.io.reset();
  d.workers.reset();
  d.hashing.reset();
  d.api.reset();
}

void ImServer::wait() {
  auto& d = *impl_;
  std::unique_lock lock(d.mutex);
  d.cv.wait(lock, [&] { return d.stop_requested; });
}

void ImServer::install_signal_handlers() {
  auto& d = *impl_;
  d.signals = std::make_unique<asio::signal_set>(d.io->at(0), SIGINT, SIGTERM);
  d.signals->async_wait([impl = impl_.get()](const boost::system::error_code& ec, int) {
    if (!ec) impl->request_stop();
  });
  d.hangups = std::make_unique<asio::signal_set>(d.io->at(0), SIGHUP);
  d.reopen_log_on_hangup();
}

std::uint16_t ImServer::port() const {
  return impl_->port;
}

Engine& ImServer::engine() {
  return *impl_->engine;
}

}  // namespace im::host
