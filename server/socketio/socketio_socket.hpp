// One Socket.IO v5 socket: a client's place in one namespace, over an Engine.IO connection
// (docs/contract/realtime.md 3). Events and acks both ways (server ack ids from 0 per socket),
// binary arguments as attachments, pending acks failing on their timeout or at the end (B26).
// Created and driven by its SocketIoConnection on the connection's strand; emit() and disconnect()
// take any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>

#include "server/socketio/engineio_connection.hpp"
#include "server/socketio/socketio_handler.hpp"
#include "server/socketio/socketio_packet.hpp"

namespace im::sio {

class SocketIoConnection;

class SocketIoSocket : public std::enable_shared_from_this<SocketIoSocket> {
 public:
  using Clock = std::chrono::steady_clock;

  SocketIoSocket(std::shared_ptr<SocketIoConnection> connection, std::string nsp,
                 std::shared_ptr<SocketIoHandler> handler);

  const std::string& id() const { return id_; }
  const std::string& nsp() const { return nsp_; }
  // The Engine.IO connection underneath: its strand, its handshake headers.
  const std::shared_ptr<eio::EngineIoConnection>& engine_connection() const;
  // The application's per-socket state from the CONNECT verdict (strand only).
  const std::shared_ptr<void>& data() const { return data_; }

  // Any thread. With `on_ack`, an ack id is attached and `on_ack` runs once (on the strand).
  void emit(std::string event, std::vector<Arg> args, AckCallback on_ack = {},
            std::chrono::milliseconds timeout = std::chrono::milliseconds{0});
  // Any thread: server-side DISCONNECT `41`, then the Engine.IO connection closes (3.2).
  void disconnect();

  // ---- used by its SocketIoConnection, on the strand
  bool connecting() const { return state_ == State::connecting; }
  bool connected() const { return state_ == State::connected; }
  SocketIoHandler& handler() { return *handler_; }
  // The CONNECT was accepted.
  void accept(std::shared_ptr<void> data);
  void on_event(const Packet& packet);
  void on_ack(const Packet& packet);
  // Moves the callbacks of the acks whose deadline has passed into `expired`; returns the
  // earliest deadline left (max() when none is).
  Clock::time_point take_expired(Clock::time_point now, std::vector<AckCallback>& expired);
  // Ends this socket (not the Engine.IO connection): pending acks fail, and the handler hears
  // the disconnect when it was connected.
  void end(std::string_view reason);

 private:
  enum class State { connecting, connected, ended };
  struct PendingAck {
    AckCallback callback;
    Clock::time_point deadline;  // max() = no timeout
  };

  // Builds an EVENT/ACK, or its binary variant with placeholders when an argument is binary.
  void send_packet(PacketType text_type, PacketType binary_type, std::optional<std::uint64_t> id,
                   boost::json::array data, std::vector<Arg> args);

  std::string id_;
  std::string nsp_;
  std::shared_ptr<SocketIoConnection> connection_;
  std::shared_ptr<SocketIoHandler> handler_;
  State state_ = State::connecting;
  std::uint64_t next_ack_id_ = 0;
  std::map<std::uint64_t, PendingAck> pending_;
  std::shared_ptr<void> data_;
};

}  // namespace im::sio
