// The Socket.IO v5 side of one Engine.IO connection (docs/contract/realtime.md 3): packets decoded
// in arrival order (attachments reassembled), one SocketIoSocket per namespace the client joins,
// CONNECT and DISCONNECT, the CONNECT timeout, and one timer for the ack deadlines of all its
// sockets (a push costs no timer of its own; docs/benchmarks.md, the message path). A protocol
// error closes this connection only. Everything runs on the Engine.IO connection's strand.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/steady_timer.hpp>

#include "server/socketio/engineio_connection.hpp"
#include "server/socketio/socketio_packet.hpp"
#include "server/socketio/socketio_socket.hpp"

namespace im::sio {

class SocketIoServer;

class SocketIoConnection : public eio::EngineIoHandler,
                           public std::enable_shared_from_this<SocketIoConnection> {
 public:
  using Clock = std::chrono::steady_clock;

  SocketIoConnection(std::shared_ptr<eio::EngineIoConnection> engine,
                     std::shared_ptr<const SocketIoServer> server);

  // Installs itself on the Engine.IO connection and starts the CONNECT timeout (3.2 step 7).
  void start();

  const std::shared_ptr<eio::EngineIoConnection>& engine_connection() const { return engine_; }
  eio::Strand& strand() { return engine_->strand(); }
  // The Engine.IO connection is gone (strand only).
  bool closed() const { return closed_; }

  // ---- used by its sockets, on the strand
  // One Socket.IO packet and its attachments, in order.
  void send(Packet packet, std::vector<std::shared_ptr<const std::string>> attachments = {});
  // An ack is due by `deadline`: the timer fires then at the latest.
  void expect_ack_by(Clock::time_point deadline);

  // eio::EngineIoHandler
  void on_message(eio::Packet packet) override;
  void on_close(std::string_view reason) override;

 private:
  void dispatch(Packet packet);
  void on_connect_packet(const Packet& packet);
  void finish_connect(const std::shared_ptr<SocketIoSocket>& socket,
                      std::optional<std::string> refusal, std::shared_ptr<void> data);
  void on_disconnect_packet(const Packet& packet);
  void protocol_error(std::string_view what);
  // The socket of `nsp`, or null; it stays in sockets_ while the caller uses it.
  SocketIoSocket* find(std::string_view nsp) const;
  void remove(const std::shared_ptr<SocketIoSocket>& socket);
  bool any_connected() const;
  void arm_connect_timer();  // no connected socket within connect_timeout closes the connection
  void arm_timer(Clock::time_point at);
  void on_timer();
  void cancel_timer();

  std::shared_ptr<eio::EngineIoConnection> engine_;
  std::shared_ptr<const SocketIoServer> server_;
  boost::asio::steady_timer timer_;  // the CONNECT timeout, or the earliest ack deadline
  bool timer_armed_ = false;
  Decoder decoder_;
  std::vector<std::shared_ptr<SocketIoSocket>> sockets_;  // one per namespace joined or joining
  bool closed_ = false;
};

}  // namespace im::sio
