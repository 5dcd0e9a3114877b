// The Engine.IO v4 server (docs/contract/realtime.md 2): request routing by sid, handshakes, error
// replies (2.8), CORS on the socket path (2.7) and the sid table. It is the HTTP listener's socket
// endpoint (host::SocketEndpoint: the requests on its path come here). Knows nothing of Socket.IO.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include <boost/asio/any_io_executor.hpp>

#include "server/http/socket_endpoint.hpp"
#include "server/socketio/engineio_connection.hpp"

namespace im::eio {

class EngineIoServer : public host::SocketEndpoint,
                       public std::enable_shared_from_this<EngineIoServer> {
 public:
  // Called on the new connection's strand right after the handshake: install its handler.
  using OpenHandler = std::function<void(const std::shared_ptr<EngineIoConnection>&)>;
  // Where a polling connection lives (called once per handshake). A websocket opened without
  // a polling handshake lives where its TCP socket does.
  using IoPicker = std::function<boost::asio::any_io_executor()>;

  EngineIoServer(IoPicker pick_io, EngineIoOptions options, OpenHandler on_open);

  // host::SocketEndpoint
  bool matches(std::string_view path) const override;
  std::size_t body_limit() const override { return options_->max_payload; }
  void handle_http(host::HttpRequest request,
                   std::function<void(host::HttpResponse)> reply) override;
  void handle_upgrade(host::NetStream stream, host::HttpRequest request) override;
  // An oversized polling POST for the sid in `target` (answered 413 by the listener): that
  // connection closes (2.6).
  void payload_too_large(std::string_view target) override;
  // A polling POST for the sid in `target` began: see EngineIoConnection::claim_post (empty when
  // the sid is unknown).
  std::shared_ptr<void> claim_post(std::string_view target) override;

  // Shutdown: refuses new connections from now on (503) and closes every open one (after what
  // is queued for it: the close packet, then the transport's close).
  void close_all();
  // Blocks until no connection is left (each one's transport is closed) or `deadline`; true when
  // none is left.
  bool wait_closed(std::chrono::steady_clock::time_point deadline);
  std::size_t size() const;
  const EngineIoOptions& options() const { return *options_; }

  // Called by a connection when it is gone.
  void remove(const std::string& sid);

 private:
  std::shared_ptr<EngineIoConnection> find(const std::string& sid) const;
  // Null once stopping or full (Options::max_sessions); refusal() says which.
  std::shared_ptr<EngineIoConnection> create(const boost::beast::http::fields& headers,
                                             const boost::asio::any_io_executor& io);

  bool full_locked() const;  // with mutex_ held
  host::HttpResponse refusal(unsigned version) const;

  IoPicker pick_io_;
  std::shared_ptr<const EngineIoOptions> options_;
  OpenHandler on_open_;
  mutable std::mutex mutex_;
  std::condition_variable emptied_;
  bool stopping_ = false;  // close_all() was called: no new connection
  std::unordered_map<std::string, std::shared_ptr<EngineIoConnection>> connections_;
};

// ---- helpers shared by the Engine.IO files

// 400 with one of the bodies of docs/contract/realtime.md 2.8.
host::HttpResponse error_response(int code, unsigned version, bool keep_alive);
host::HttpResponse text_response(std::string body, unsigned version, bool keep_alive);
// 503: the server is stopping and takes no new connection.
host::HttpResponse stopping_response(unsigned version);
// The open packet of 2.2.
std::string open_packet(const std::string& sid, bool can_upgrade, const EngineIoOptions& options);

}  // namespace im::eio
