// socketio_echo: a generic Socket.IO (or Engine.IO-only) server made of the host's transport
// (server/socketio: Engine.IO v4 server, Socket.IO v5 packets) and no IM code. It behaves like
// the reference servers of the public protocol test suites (socket.io-protocol and
// engine.io-protocol, `test-suite/`), and keeps two extra events for the repository's own
// transport tests. See docs/embedding.md.
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
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/json.hpp>
#include <cxxopts.hpp>

#include "im/auth/random.hpp"
#include "server/http/net_stream.hpp"
#include "server/socketio/engineio_server.hpp"
#include "server/socketio/socketio_packet.hpp"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;
using namespace im;

struct EchoConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::string path;  // with its trailing slash
  bool engineio_only = false;
  bool cors_any = true;
  std::chrono::milliseconds connect_timeout{45000};
  std::optional<std::string> auth_header;
  eio::Options eio;
};

// ---- Engine.IO only: echo every message packet.

class EngineEcho : public eio::ConnectionHandler {
 public:
  explicit EngineEcho(std::weak_ptr<eio::Connection> connection)
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
  std::weak_ptr<eio::Connection> connection_;
};

// ---- Socket.IO: several namespaces over one Engine.IO connection.

class SocketEcho : public eio::ConnectionHandler, public std::enable_shared_from_this<SocketEcho> {
 public:
  SocketEcho(std::shared_ptr<eio::Connection> connection, const EchoConfig& config)
      : connection_(std::move(connection)),
        config_(config),
        connect_timer_(connection_->strand()) {}

  void start() {
    connection_->set_handler(shared_from_this());
    connect_timer_.expires_after(config_.connect_timeout);
    connect_timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
      auto self = weak.lock();
      if (ec || !self || !self->sockets_.empty() || self->closed_) return;
      self->connection_->close();
    });
  }

  void on_message(eio::Packet packet) override {
    if (closed_) return;
    auto status = packet.binary ? decoder_.feed_binary(std::string(packet.view()))
                                : decoder_.feed_text(packet.data);
    if (status == sio::Decoder::Status::error) return connection_->close();
    if (status == sio::Decoder::Status::packet) dispatch(decoder_.take());
  }

  void on_close(std::string_view) override {
    closed_ = true;
    connect_timer_.cancel();
    for (auto& [id, p] : pending_) p.timer->cancel();
    pending_.clear();
    sockets_.clear();
  }

 private:
  struct PendingAck {
    std::string nsp;
    std::unique_ptr<asio::steady_timer> timer;
  };

  void dispatch(sio::Packet packet) {
    using T = sio::PacketType;
    switch (packet.type) {
      case T::connect:
        return on_connect(packet);
      case T::disconnect:
        sockets_.erase(packet.nsp);
        return;
      case T::event:
      case T::binary_event:
        if (!sockets_.contains(packet.nsp)) return;  // not connected to that namespace
        return on_event(packet);
      case T::ack:
      case T::binary_ack:
        return on_ack(packet);
      case T::connect_error:
        return;
    }
  }

  void on_connect(const sio::Packet& packet) {
    if (packet.nsp != "/" && packet.nsp != "/custom") {
      sio::Packet err;
      err.type = sio::PacketType::connect_error;
      err.nsp = packet.nsp;
      err.data = json::object{{"message", "Invalid namespace"}};
      return send(err);
    }
    if (config_.auth_header && packet.nsp == "/" &&
        connection_->handshake_headers()["authorization"] != *config_.auth_header) {
      sio::Packet err;
      err.type = sio::PacketType::connect_error;
      err.data = json::object{{"message", "Authentication error"}};
      return send(err);
    }
    std::string sid = auth::random_id(20);
    sockets_[packet.nsp] = sid;
    connect_timer_.cancel();
    sio::Packet ok;
    ok.type = sio::PacketType::connect;
    ok.nsp = packet.nsp;
    ok.data = json::object{{"sid", sid}};
    std::vector<eio::Packet> reply;
    append(reply, ok);
    connection_->send(std::move(reply));
    // The reference server emits "auth" from its connection handler, i.e. in a write of its own
    // after the CONNECT reply; the suites read the two as separate websocket messages, so a
    // short pause keeps them from arriving in one read.
    json::value auth = packet.data && packet.data->is_object() ? *packet.data : json::object{};
    std::vector<eio::Packet> event;
    append(event, make_args(sio::PacketType::event, sio::PacketType::binary_event, packet.nsp,
                            std::nullopt, json::array{json::string("auth")},
                            {sio::Arg::value(std::move(auth))}));
    auto timer =
        std::make_shared<asio::steady_timer>(connection_->strand(), std::chrono::milliseconds(5));
    timer->async_wait([weak = weak_from_this(), timer,
                       event = std::move(event)](boost::system::error_code ec) mutable {
      auto self = weak.lock();
      if (!ec && self && !self->closed_) self->connection_->send(std::move(event));
    });
  }

  void on_event(const sio::Packet& packet) {
    auto name = sio::event_name(packet);
    if (!name) return;
    auto args = sio::event_args(packet);
    if (*name == "message") {
      emit(packet.nsp, "message-back", std::move(args));
    } else if (*name == "message-with-ack" || *name == "echo") {
      auto copy = *name == "echo" ? args : std::vector<sio::Arg>{};
      if (packet.id) reply(packet.nsp, *packet.id, std::move(args));
      if (*name == "echo") emit(packet.nsp, "echo", std::move(copy));
    } else if (*name == "push") {
      auto bytes = std::make_shared<const std::string>("\x08\xc8\x01", 3);
      std::uint64_t id = next_ack_id_++;
      auto timer = std::make_unique<asio::steady_timer>(connection_->strand(), 2000ms);
      timer->async_wait([weak = weak_from_this(), id](boost::system::error_code ec) {
        auto self = weak.lock();
        if (ec || !self) return;
        auto it = self->pending_.find(id);
        if (it == self->pending_.end()) return;
        std::string nsp = it->second.nsp;
        self->pending_.erase(it);
        self->emit(nsp, "push-result", {sio::Arg::value("timeout")});
      });
      pending_.emplace(id, PendingAck{packet.nsp, std::move(timer)});
      emit(packet.nsp, "pushed", {sio::Arg::blob(bytes)}, id);
    }
  }

  void on_ack(const sio::Packet& packet) {
    if (!packet.id) return;
    auto it = pending_.find(*packet.id);
    if (it == pending_.end()) return;
    std::string nsp = it->second.nsp;
    it->second.timer->cancel();
    pending_.erase(it);
    auto args = sio::ack_args(packet);
    std::string r = args.empty() ? "ok:none" : args[0].binary ? "ok:binary" : "ok:json";
    emit(nsp, "push-result", {sio::Arg::value(json::string(r))});
  }

  void emit(const std::string& nsp, std::string event, std::vector<sio::Arg> args,
            std::optional<std::uint64_t> id = std::nullopt) {
    json::array data{json::string(event)};
    send_args(sio::PacketType::event, sio::PacketType::binary_event, nsp, id, std::move(data),
              std::move(args));
  }

  void reply(const std::string& nsp, std::uint64_t id, std::vector<sio::Arg> args) {
    send_args(sio::PacketType::ack, sio::PacketType::binary_ack, nsp, id, {}, std::move(args));
  }

  // A Socket.IO packet and its attachments.
  struct Outgoing {
    sio::Packet packet;
    std::vector<std::shared_ptr<const std::string>> buffers;
  };

  // EVENT/ACK, or their binary variants with placeholders when an argument is binary.
  static Outgoing make_args(sio::PacketType text_type, sio::PacketType binary_type,
                            const std::string& nsp, std::optional<std::uint64_t> id,
                            json::array data, std::vector<sio::Arg> args) {
    Outgoing o;
    for (auto& a : args) {
      if (a.binary) {
        data.push_back(sio::placeholder(o.buffers.size()));
        o.buffers.push_back(a.shared ? a.shared
                                     : std::make_shared<const std::string>(std::move(a.bytes)));
      } else {
        data.push_back(std::move(a.json));
      }
    }
    o.packet.type = o.buffers.empty() ? text_type : binary_type;
    o.packet.nsp = nsp;
    o.packet.id = id;
    o.packet.attachments = o.buffers.size();
    o.packet.data = std::move(data);
    return o;
  }

  void send_args(sio::PacketType text_type, sio::PacketType binary_type, const std::string& nsp,
                 std::optional<std::uint64_t> id, json::array data, std::vector<sio::Arg> args) {
    std::vector<eio::Packet> out;
    append(out, make_args(text_type, binary_type, nsp, id, std::move(data), std::move(args)));
    connection_->send(std::move(out));
  }

  static void append(std::vector<eio::Packet>& out, const sio::Packet& packet) {
    out.push_back(eio::Packet::text(eio::PacketType::message, sio::encode(packet)));
  }
  static void append(std::vector<eio::Packet>& out, Outgoing o) {
    append(out, o.packet);
    for (auto& b : o.buffers) out.push_back(eio::Packet::bytes(std::move(b)));
  }

  void send(const sio::Packet& packet) {
    std::vector<eio::Packet> out;
    append(out, packet);
    connection_->send(std::move(out));
  }

  std::shared_ptr<eio::Connection> connection_;
  const EchoConfig& config_;
  asio::steady_timer connect_timer_;
  sio::Decoder decoder_;
  std::map<std::string, std::string> sockets_;  // namespace -> socket id
  std::map<std::uint64_t, PendingAck> pending_;
  std::uint64_t next_ack_id_ = 0;
  bool closed_ = false;
};

// ---- A tiny HTTP loop: the socket path goes to the Engine.IO server, anything else is 404.

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket socket, std::shared_ptr<eio::Server> server, const EchoConfig& config)
      : stream_(std::move(socket)), server_(std::move(server)), config_(config) {}
  void run() { read(); }

 private:
  bool on_path(std::string_view path) const {
    std::string_view p = config_.path;
    return path == p || (p.size() > 1 && p.back() == '/' && path == p.substr(0, p.size() - 1));
  }

  void write(std::shared_ptr<host::HttpResponse> res, bool keep_reading) {
    http::async_write(
        stream_, *res,
        [self = shared_from_this(), res, keep_reading](beast::error_code ec, std::size_t) {
          if (!ec && keep_reading && res->keep_alive()) self->read();
        });
  }

  void read() {
    parser_.emplace();
    parser_->body_limit(config_.eio.max_payload);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      auto res = std::make_shared<host::HttpResponse>(http::status::payload_too_large, 11);
      res->keep_alive(false);
      res->prepare_payload();
      return write(res, false);
    }
    if (ec) return;
    auto req = parser_->release();
    std::string_view target = req.target();
    if (!on_path(target.substr(0, target.find('?')))) {
      auto res = std::make_shared<host::HttpResponse>(http::status::not_found, req.version());
      res->keep_alive(req.keep_alive());
      res->prepare_payload();
      return write(res, true);
    }
    if (beast::websocket::is_upgrade(req)) {
      server_->handle_upgrade(std::move(stream_), std::move(req));
      return;
    }
    server_->handle_http(std::move(req), [self = shared_from_this()](host::HttpResponse res) {
      // CORS `*` (the suites' servers use cors: {origin: "*"}).
      if (self->config_.cors_any) res.set(http::field::access_control_allow_origin, "*");
      auto shared = std::make_shared<host::HttpResponse>(std::move(res));
      asio::post(self->stream_.get_executor(), [self, shared] { self->write(shared, true); });
    });
  }

  host::NetStream stream_;  // plain TCP here; im_server's listener adds TLS
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<eio::Server> server_;
  const EchoConfig& config_;
};

void accept(tcp::acceptor& acceptor, const std::shared_ptr<eio::Server>& server,
            const EchoConfig& config) {
  acceptor.async_accept([&acceptor, server, &config](beast::error_code ec, tcp::socket socket) {
    if (!acceptor.is_open()) return;
    if (!ec) std::make_shared<HttpSession>(std::move(socket), server, config)->run();
    accept(acceptor, server, config);
  });
}

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
  c.path = r.count("path") ? r["path"].as<std::string>()
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
    c.cors_any = c.eio.allowed_origins.empty();
  }
  if (r.count("auth-header")) c.auth_header = r["auth-header"].as<std::string>();
  return c;
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

  asio::io_context io;
  eio::Server::OpenHandler on_open;
  if (config.engineio_only) {
    on_open = [](const std::shared_ptr<eio::Connection>& c) {
      c->set_handler(std::make_shared<EngineEcho>(c));
    };
  } else {
    on_open = [&config](const std::shared_ptr<eio::Connection>& c) {
      std::make_shared<SocketEcho>(c, config)->start();
    };
  }
  auto server = std::make_shared<eio::Server>(io.get_executor(), config.eio, std::move(on_open));
  tcp::acceptor acceptor(io, {asio::ip::make_address(config.host), config.port});
  std::printf("listening on http://%s:%u\n", config.host.c_str(),
              static_cast<unsigned>(acceptor.local_endpoint().port()));
  std::fflush(stdout);
  accept(acceptor, server, config);
  asio::signal_set signals(io, SIGINT, SIGTERM);
  asio::steady_timer stopping(io);
  signals.async_wait([&](beast::error_code, int) {
    acceptor.close();
    server->close_all();
    // The closes are posted to each connection's strand: let them run before the loop stops.
    stopping.expires_after(std::chrono::milliseconds(200));
    stopping.async_wait([&](beast::error_code) { io.stop(); });
  });
  io.run();
  return 0;
}
