// socketio_echo: a generic Socket.IO (or Engine.IO-only) server made of the same pieces as
// im_server and no IM code: the Socket.IO layer (server/socketio, library im_socketio) behind the
// host's HTTP listener (a front without the API). It behaves like the reference servers of the
// public protocol test suites (socket.io-protocol and engine.io-protocol, `test-suite/`; how to
// run them: docs/testing.md), and keeps two extra events for the repository's own transport
// tests. See docs/embedding.md.
//
// Socket.IO mode (default, path /socket.io/):
//   namespaces "/" and "/custom": on CONNECT, emit "auth" with the CONNECT payload ({} if none);
//   "message" is emitted back as "message-back" with the same arguments (binary included);
//   "message-with-ack" is acked with its arguments; any other namespace gets CONNECT_ERROR
//   {"message":"Invalid namespace"}; no CONNECT within --connect-timeout closes the connection.
//   Extra, for tests/integration/realtime_transport.test.mjs: "echo" is acked and emitted back;
//   "push" makes the server emit "pushed" (one binary argument, ack requested, 2 s timeout) and
//   then "push-result" with the outcome. --auth-header V refuses a CONNECT to "/" unless the
//   handshake request had `authorization: V` ("Authentication error").
// Engine.IO mode (--engineio, path /engine.io/): every message packet is sent back as is.
//
// Prints "listening on http://<host>:<port>" once ready; stops on SIGINT/SIGTERM.
#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <future>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json.hpp>
#include <cxxopts.hpp>

#include "im/log.hpp"
#include "server/config/host_config.hpp"
#include "server/http/http_context.hpp"
#include "server/http/http_listener.hpp"
#include "server/io_threads.hpp"
#include "server/socketio/engineio_server.hpp"
#include "server/socketio/socketio_server.hpp"
#include "server/socketio/socketio_socket.hpp"

namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;
using namespace im;

struct EchoConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  bool engineio_only = false;
  int io_threads = 0;  // one per core, as im_server
  std::chrono::milliseconds connect_timeout{45000};
  std::optional<std::string> auth_header;
  eio::EngineIoOptions eio;
};

// ---- Engine.IO only: echo every message packet.

class EngineEcho : public eio::EngineIoHandler {
 public:
  explicit EngineEcho(std::weak_ptr<eio::EngineIoConnection> connection)
      : connection_(std::move(connection)) {}
  void on_message(eio::Packet packet) override {
    auto c = connection_.lock();
    if (!c) return;
    if (packet.binary && !packet.shared)
      packet.shared = std::make_shared<const std::string>(std::move(packet.data));
    c->send({std::move(packet)});
  }
  void on_close(std::string_view) override {}

 private:
  std::weak_ptr<eio::EngineIoConnection> connection_;
};

// ---- Socket.IO: the echo application, the same on "/" and "/custom".

class EchoNamespace : public sio::SocketIoHandler {
 public:
  explicit EchoNamespace(std::optional<std::string> auth_header)
      : auth_header_(std::move(auth_header)) {}

  void on_connect(const std::shared_ptr<sio::SocketIoSocket>& socket,
                  const sio::ConnectRequest& request, Verdict verdict) override {
    if (auth_header_ && socket->nsp() == "/" && request.headers["authorization"] != *auth_header_) {
      verdict(std::string("Authentication error"), nullptr);
      return;
    }
    // Kept until the socket is connected, then emitted back as "auth".
    json::value auth = request.auth.is_object() ? request.auth : json::object{};
    verdict(std::nullopt, std::make_shared<json::value>(std::move(auth)));
  }

  void on_connected(const std::shared_ptr<sio::SocketIoSocket>& socket) override {
    // The reference server emits "auth" from its connection handler, i.e. in a write of its own
    // after the CONNECT reply; the suites read the two as separate websocket messages, so a
    // short pause keeps them from arriving in one read.
    json::value auth = *std::static_pointer_cast<json::value>(socket->data());
    auto timer = std::make_shared<asio::steady_timer>(socket->engine_connection()->strand(), 5ms);
    timer->async_wait([timer, weak = std::weak_ptr(socket),
                       auth = std::move(auth)](boost::system::error_code ec) mutable {
      auto socket = weak.lock();
      if (!ec && socket) socket->emit("auth", {sio::Arg::value(std::move(auth))});
    });
  }

  void on_event(const std::shared_ptr<sio::SocketIoSocket>& socket, const std::string& name,
                std::vector<sio::Arg> args, sio::AckSender ack) override {
    if (name == "message") {
      socket->emit("message-back", std::move(args));
    } else if (name == "message-with-ack" || name == "echo") {
      auto copy = name == "echo" ? args : std::vector<sio::Arg>{};
      if (ack) ack(std::move(args));
      if (name == "echo") socket->emit("echo", std::move(copy));
    } else if (name == "push") {
      push(socket);
    }
  }

  void on_disconnect(const std::shared_ptr<sio::SocketIoSocket>&, std::string_view) override {}

 private:
  // "pushed" with one binary argument and an ack wanted within 2 s, then "push-result".
  static void push(const std::shared_ptr<sio::SocketIoSocket>& socket) {
    auto bytes = std::make_shared<const std::string>("\x08\xc8\x01", 3);
    auto on_ack = [weak = std::weak_ptr(socket)](sio::AckStatus status,
                                                 std::vector<sio::Arg> args) {
      auto socket = weak.lock();
      if (!socket || status == sio::AckStatus::closed) return;
      std::string result = status == sio::AckStatus::timeout ? "timeout"
                           : args.empty()                    ? "ok:none"
                           : args[0].binary                  ? "ok:binary"
                                                             : "ok:json";
      socket->emit("push-result", {sio::Arg::value(json::string(result))});
    };
    socket->emit("pushed", {sio::Arg::blob(bytes)}, std::move(on_ack), 2000ms);
  }

  std::optional<std::string> auth_header_;
};

std::optional<EchoConfig> parse_args(int argc, char** argv) {
  cxxopts::Options options("socketio_echo",
                           "Generic Socket.IO / Engine.IO echo server over the im transport");
  // clang-format off
  options.add_options()
    ("host", "bind address", cxxopts::value<std::string>()->default_value("127.0.0.1"))
    ("port", "port (0 = a free one)", cxxopts::value<int>()->default_value("0"))
    ("path", "request path (default /socket.io/, or /engine.io/ with --engineio)",
     cxxopts::value<std::string>())
    ("engineio", "Engine.IO only: echo every message packet")
    ("io-threads", "I/O threads (0 = one per core)", cxxopts::value<int>()->default_value("0"))
    ("ping-interval", "ms", cxxopts::value<int>()->default_value("25000"))
    ("ping-timeout", "ms", cxxopts::value<int>()->default_value("20000"))
    ("max-payload", "bytes", cxxopts::value<std::size_t>()->default_value("1000000"))
    ("connect-timeout", "ms without a Socket.IO CONNECT before closing",
     cxxopts::value<int>()->default_value("45000"))
    ("origin", "allowed CORS origin, repeatable; '*' = any (default)",
     cxxopts::value<std::vector<std::string>>())
    ("auth-header", "refuse CONNECT to / unless the handshake had this authorization header",
     cxxopts::value<std::string>())
    ("help", "usage");
  // clang-format on
  auto r = options.parse(argc, argv);
  if (r.count("help")) {
    std::cout << options.help() << std::endl;
    return std::nullopt;
  }
  EchoConfig c;
  c.host = r["host"].as<std::string>();
  c.port = static_cast<std::uint16_t>(r["port"].as<int>());
  c.engineio_only = r.count("engineio") > 0;
  c.io_threads = r["io-threads"].as<int>();
  c.eio.path = r.count("path") ? r["path"].as<std::string>()
                               : (c.engineio_only ? "/engine.io/" : "/socket.io/");
  c.eio.ping_interval = std::chrono::milliseconds(r["ping-interval"].as<int>());
  c.eio.ping_timeout = std::chrono::milliseconds(r["ping-timeout"].as<int>());
  c.eio.max_payload = r["max-payload"].as<std::size_t>();
  c.eio.refuse_bad_upgrade_with_400 = false;  // behave as the suites' reference server
  c.connect_timeout = std::chrono::milliseconds(r["connect-timeout"].as<int>());
  if (r.count("origin")) {
    for (const auto& o : r["origin"].as<std::vector<std::string>>()) {
      if (o == "*") continue;
      c.eio.allowed_origins.push_back(o);
    }
  }
  c.eio.any_origin = c.eio.allowed_origins.empty();  // the suites' servers use cors: {origin: "*"}
  if (r.count("auth-header")) c.auth_header = r["auth-header"].as<std::string>();
  return c;
}

// What each new Engine.IO connection gets: the echo, or Socket.IO with the echo namespaces.
eio::EngineIoServer::OpenHandler open_handler(const EchoConfig& config) {
  if (config.engineio_only) {
    return [](const std::shared_ptr<eio::EngineIoConnection>& c) {
      c->set_handler(std::make_shared<EngineEcho>(c));
    };
  }
  auto socketio = std::make_shared<sio::SocketIoServer>(config.connect_timeout);
  auto echo = std::make_shared<EchoNamespace>(config.auth_header);
  socketio->add_namespace("/", echo);
  socketio->add_namespace("/custom", echo);
  return socketio->open_handler();
}

int main(int argc, char** argv) {
  std::optional<EchoConfig> parsed;
  try {
    parsed = parse_args(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "socketio_echo: %s\n", e.what());
    return 2;
  }
  if (!parsed) return 0;
  const EchoConfig& config = *parsed;
  log::set_level(log::Level::warn);  // no line per request

  const unsigned threads = config.io_threads > 0
                               ? static_cast<unsigned>(config.io_threads)
                               : std::max(1u, std::thread::hardware_concurrency());
  host::HostConfig front;  // the HTTP listener's settings (connection limits): the defaults
  host::IoThreads io(threads);
  auto http = std::make_shared<host::HttpContext>(front);
  auto engineio = std::make_shared<eio::EngineIoServer>(
      [&io]() -> asio::any_io_executor { return io.next().get_executor(); }, config.eio,
      open_handler(config));
  http->set_socket_endpoint(engineio);
  std::shared_ptr<host::HttpListener> listener;
  try {
    listener = std::make_shared<host::HttpListener>(io, config.host, config.port, http);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "socketio_echo: %s\n", e.what());
    return 1;
  }

  std::promise<void> stop_requested;
  asio::signal_set signals(io.at(0), SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (!ec) stop_requested.set_value();
  });
  listener->run();
  io.start();
  std::printf("listening on http://%s:%u\n", config.host.c_str(),
              static_cast<unsigned>(listener->port()));
  std::fflush(stdout);
  stop_requested.get_future().wait();

  // As im_server stops: no new connection, every client its close (a closing websocket, or a
  // polling client that does not come back, is gone within the close grace), then the threads.
  listener->stop();
  engineio->close_all();
  if (!engineio->wait_closed(std::chrono::steady_clock::now() + config.eio.close_grace + 1s))
    std::fprintf(stderr, "socketio_echo: %zu connections still open; dropped\n", engineio->size());
  io.stop_and_join();
  io.drain();  // the closes posted but not run yet
  // The Engine.IO server, and the connections it still holds, go while every I/O context exists.
  http->set_socket_endpoint(nullptr);
  engineio.reset();
  return 0;
}
