// One Socket.IO v5 socket on namespace "/" over one Engine.IO connection (docs/contract/realtime.md
// 3): CONNECT with the application's verdict, events and acks both ways (server ack ids from 0),
// attachment reassembly, protocol errors closing this connection only. No IM knowledge: the
// application implements sio::Handler.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/steady_timer.hpp>

#include "server/socketio/engineio_connection.hpp"
#include "server/socketio/socketio_packet.hpp"

namespace im::sio {

class Socket;

enum class AckStatus { ok, closed, timeout };
using AckCallback = std::function<void(AckStatus, std::vector<Arg>)>;
// Sends the ack of a received event; empty when the client asked for none.
using AckSender = std::function<void(std::vector<Arg>)>;

class Handler {
 public:
  virtual ~Handler() = default;
  // A CONNECT to "/". Call `verdict` exactly once, from any thread: nullopt accepts (and
  // `data` becomes Socket::data()), a text refuses with CONNECT_ERROR {"message": text}.
  using Verdict =
      std::function<void(std::optional<std::string> refusal, std::shared_ptr<void> data)>;
  virtual void on_connect(const std::shared_ptr<Socket>& socket,
                          const boost::beast::http::fields& handshake_headers, Verdict verdict) = 0;
  // After the CONNECT reply was queued. On the socket's strand, like the two below.
  virtual void on_connected(const std::shared_ptr<Socket>& socket) = 0;
  virtual void on_event(const std::shared_ptr<Socket>& socket, const std::string& name,
                        std::vector<Arg> args, AckSender ack) = 0;
  // Only for sockets that were connected.
  virtual void on_disconnect(const std::shared_ptr<Socket>& socket, std::string_view reason) = 0;
};

class Socket : public eio::ConnectionHandler, public std::enable_shared_from_this<Socket> {
 public:
  Socket(std::shared_ptr<eio::Connection> connection, std::shared_ptr<Handler> handler,
         std::chrono::milliseconds connect_timeout);

  // Installs itself on the connection and starts the CONNECT timeout (3.2 step 7).
  void start();

  const std::string& id() const { return id_; }
  const std::shared_ptr<eio::Connection>& connection() const { return connection_; }
  // The application's per-socket state from the CONNECT verdict (strand only).
  const std::shared_ptr<void>& data() const { return data_; }

  // Any thread. With `on_ack`, an ack id is attached and `on_ack` runs once (on the strand).
  void emit(std::string event, std::vector<Arg> args, AckCallback on_ack = {},
            std::chrono::milliseconds timeout = std::chrono::milliseconds{0});
  // Any thread: server-side DISCONNECT `41`, then the Engine.IO connection closes (3.2).
  void disconnect();

  // eio::ConnectionHandler
  void on_message(eio::Packet packet) override;
  void on_close(std::string_view reason) override;

 private:
  using Clock = std::chrono::steady_clock;
  // One timer per socket serves every pending ack (and the CONNECT timeout before that): a push
  // costs no timer of its own, the timer is re-armed only when it fires or an earlier deadline
  // arrives (docs/benchmarks.md, the message path).
  struct PendingAck {
    AckCallback callback;
    Clock::time_point deadline;  // max() = no timeout
  };

  void dispatch(Packet packet);
  void on_connect_packet(const Packet& packet);
  void finish_connect(std::optional<std::string> refusal, std::shared_ptr<void> data);
  void send(Packet packet, std::vector<std::shared_ptr<const std::string>> buffers = {});
  void send_packet(PacketType text_type, PacketType binary_type, std::optional<std::uint64_t> id,
                   boost::json::array data, std::vector<Arg> args);
  void protocol_error(std::string_view what);
  void arm_connect_timer();  // no CONNECT within connect_timeout closes the connection
  void arm_timer(Clock::time_point at);
  void on_timer();
  void cancel_timer();
  void expire_acks();
  // Ends this socket's life (pending acks fail, the handler hears the disconnect) but not the
  // Engine.IO connection.
  void end_socket(std::string_view reason);

  std::string id_;
  std::shared_ptr<eio::Connection> connection_;
  std::shared_ptr<Handler> handler_;
  std::chrono::milliseconds connect_timeout_;
  boost::asio::steady_timer timer_;  // the CONNECT timeout, then the earliest ack deadline
  bool timer_armed_ = false;
  Decoder decoder_;
  bool connecting_ = false;
  bool connected_ = false;
  bool closed_ = false;
  std::uint64_t life_ = 0;  // bumped by end_socket: a CONNECT verdict for an older life is stale
  std::uint64_t next_ack_id_ = 0;
  std::map<std::uint64_t, PendingAck> pending_;
  std::shared_ptr<void> data_;
};

// Wires Socket.IO onto an Engine.IO server: use as its OpenHandler.
std::function<void(const std::shared_ptr<eio::Connection>&)> socketio_open_handler(
    std::shared_ptr<Handler> handler,
    std::chrono::milliseconds connect_timeout = std::chrono::milliseconds{45000});

}  // namespace im::sio
