// A generic Socket.IO echo server built from server/socketio without any IM code, behind a tiny
// Beast HTTP loop. Used by tests/integration/realtime_transport.test.mjs to check the transport
// with the real socket.io-client. Not part of the product.
//
//   CONNECT: accepted when the handshake header `authorization` is "good".
//   event "echo" with an ack id: acked with the same arguments, and emitted back as "echo".
//   event "push": the server emits "pushed" with one binary argument and an ack request, and
//   then emits "push-result" with the ack outcome ("ok:<first arg as text>", "closed", "timeout").
#include <cstdio>
#include <iostream>
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/json.hpp>

#include "server/socketio/engineio_server.hpp"
#include "server/socketio/socketio_socket.hpp"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using namespace im;

class Echo : public sio::Handler {
 public:
  void on_connect(const std::shared_ptr<sio::Socket>&, const http::fields& headers,
                  Verdict verdict) override {
    if (headers["authorization"] == "good") {
      verdict(std::nullopt, nullptr);
    } else {
      verdict(std::string("Authentication error"), nullptr);
    }
  }
  void on_connected(const std::shared_ptr<sio::Socket>&) override {}
  void on_event(const std::shared_ptr<sio::Socket>& socket, const std::string& name,
                std::vector<sio::Arg> args, sio::AckSender ack) override {
    if (name == "echo") {
      if (ack) ack(args);
      socket->emit("echo", args);
    } else if (name == "push") {
      auto bytes = std::make_shared<const std::string>("\x08\xc8\x01", 3);
      socket->emit(
          "pushed", {sio::Arg::blob(bytes)},
          [weak = std::weak_ptr<sio::Socket>(socket)](sio::AckStatus st, std::vector<sio::Arg> a) {
            auto s = weak.lock();
            if (!s) return;
            std::string r = st == sio::AckStatus::closed    ? "closed"
                            : st == sio::AckStatus::timeout ? "timeout"
                            : a.empty()                     ? "ok:none"
                            : a[0].binary                   ? "ok:binary"
                                                            : "ok:json";
            s->emit("push-result", {sio::Arg::value(boost::json::string(r))});
          },
          std::chrono::milliseconds(2000));
    }
  }
  void on_disconnect(const std::shared_ptr<sio::Socket>&, std::string_view) override {}
};

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket socket, std::shared_ptr<eio::Server> server)
      : stream_(std::move(socket)), server_(std::move(server)) {}
  void run() { read(); }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(server_->options().max_payload);
    http::async_read(
        stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
          if (ec == http::error::body_limit) {
            auto res = std::make_shared<http::response<http::string_body>>(
                http::status::payload_too_large, 11);
            res->prepare_payload();
            http::async_write(self->stream_, *res, [self, res](beast::error_code, std::size_t) {});
            return;
          }
          if (ec) return;
          auto req = self->parser_->release();
          std::string_view target = req.target();
          std::string_view path = target.substr(0, target.find('?'));
          if (path != "/socket/v1/IM/" && path != "/socket/v1/IM") {
            auto res =
                std::make_shared<http::response<http::string_body>>(http::status::not_found, 11);
            res->prepare_payload();
            http::async_write(self->stream_, *res,
                              [self, res](beast::error_code, std::size_t) { self->read(); });
            return;
          }
          if (beast::websocket::is_upgrade(req)) {
            self->server_->handle_upgrade(std::move(self->stream_), std::move(req));
            return;
          }
          self->server_->handle_http(std::move(req), [self](host::HttpResponse res) {
            asio::post(self->stream_.get_executor(),
                       [self, res = std::make_shared<host::HttpResponse>(std::move(res))] {
                         http::async_write(self->stream_, *res,
                                           [self, res](beast::error_code ec, std::size_t) {
                                             if (!ec) self->read();
                                           });
                       });
          });
        });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<eio::Server> server_;
};

void accept(tcp::acceptor& acceptor, std::shared_ptr<eio::Server> server) {
  acceptor.async_accept([&acceptor, server](beast::error_code ec, tcp::socket socket) {
    if (!ec) std::make_shared<HttpSession>(std::move(socket), server)->run();
    accept(acceptor, server);
  });
}

int main() {
  asio::io_context io;
  eio::Options options;
  options.allowed_origins = {"http://localhost:1212"};
  if (const char* ms = std::getenv("PING_INTERVAL_MS"))
    options.ping_interval = std::chrono::milliseconds(std::atoi(ms));
  if (const char* ms = std::getenv("PING_TIMEOUT_MS"))
    options.ping_timeout = std::chrono::milliseconds(std::atoi(ms));
  auto server = std::make_shared<eio::Server>(io.get_executor(), options,
                                              sio::socketio_open_handler(std::make_shared<Echo>()));
  tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  std::printf("listening on http://127.0.0.1:%u\n", acceptor.local_endpoint().port());
  std::fflush(stdout);
  accept(acceptor, server);
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](beast::error_code, int) { io.stop(); });
  io.run();
}
