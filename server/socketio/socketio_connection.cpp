#include "server/socketio/socketio_connection.hpp"

#include <algorithm>

#include <boost/asio/post.hpp>

#include "im/log.hpp"
#include "server/socketio/socketio_server.hpp"

namespace im::sio {

namespace asio = boost::asio;
namespace json = boost::json;

SocketIoConnection::SocketIoConnection(std::shared_ptr<eio::EngineIoConnection> engine,
                                       std::shared_ptr<const SocketIoServer> server)
    : engine_(std::move(engine)), server_(std::move(server)), timer_(engine_->strand()) {}

void SocketIoConnection::start() {
  engine_->set_handler(shared_from_this());
  arm_connect_timer();
}

void SocketIoConnection::arm_connect_timer() {
  arm_timer(Clock::now() + server_->connect_timeout());
}

void SocketIoConnection::arm_timer(Clock::time_point at) {
  timer_armed_ = true;
  timer_.expires_at(at);  // a wait already pending ends with operation_aborted
  timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    auto self = weak.lock();
    if (ec || !self) return;
    self->on_timer();
  });
}

void SocketIoConnection::cancel_timer() {
  timer_.cancel();
  timer_armed_ = false;
}

void SocketIoConnection::expect_ack_by(Clock::time_point deadline) {
  if (!timer_armed_ || deadline < timer_.expiry()) arm_timer(deadline);
}

void SocketIoConnection::on_timer() {
  timer_armed_ = false;
  if (closed_) return;
  if (!any_connected()) {
    engine_->close();  // no CONNECT in time (S16)
    return;
  }
  // Fails every ack whose deadline passed, then waits for the earliest one left.
  const auto now = Clock::now();
  auto earliest = Clock::time_point::max();
  std::vector<AckCallback> expired;
  for (const auto& socket : sockets_)
    earliest = std::min(earliest, socket->take_expired(now, expired));
  if (earliest != Clock::time_point::max()) arm_timer(earliest);
  for (auto& callback : expired)
    if (callback) callback(AckStatus::timeout, {});
}

void SocketIoConnection::protocol_error(std::string_view what) {
  log::debug("socket.io protocol error on {}: {}", engine_->sid(), what);
  engine_->close();
}

void SocketIoConnection::on_message(eio::Packet packet) {
  if (closed_) return;
  Decoder::Status status = packet.binary ? decoder_.feed_binary(std::move(packet.data))
                                         : decoder_.feed_text(packet.data);
  if (status == Decoder::Status::error) return protocol_error("malformed packet");
  if (status == Decoder::Status::packet) dispatch(decoder_.take());
}

void SocketIoConnection::dispatch(Packet packet) {
  switch (packet.type) {
    case PacketType::connect:
      return on_connect_packet(packet);
    case PacketType::disconnect:
      return on_disconnect_packet(packet);
    case PacketType::event:
    case PacketType::binary_event: {
      SocketIoSocket* socket = find(packet.nsp);
      if (socket && socket->connected()) socket->on_event(packet);  // 3.2 step 8
      return;
    }
    case PacketType::ack:
    case PacketType::binary_ack:
      if (SocketIoSocket* socket = find(packet.nsp)) socket->on_ack(packet);
      return;
    case PacketType::connect_error:
      return;  // server-only packet
  }
}

void SocketIoConnection::on_connect_packet(const Packet& packet) {
  auto handler = server_->handler_for(packet.nsp);
  if (!handler) {
    Packet err;
    err.type = PacketType::connect_error;
    err.nsp = packet.nsp;
    err.data = json::object{{"message", "Invalid namespace"}};
    return send(std::move(err));
  }
  if (find(packet.nsp)) return;  // joined, or its verdict is pending
  auto socket = std::make_shared<SocketIoSocket>(shared_from_this(), packet.nsp, handler);
  sockets_.push_back(socket);
  auto verdict = [weak_self = weak_from_this(), weak_socket = std::weak_ptr(socket)](
                     std::optional<std::string> refusal, std::shared_ptr<void> data) {
    auto self = weak_self.lock();
    if (!self) return;
    asio::post(self->strand(),
               [self, weak_socket, refusal = std::move(refusal), data = std::move(data)]() mutable {
                 if (auto socket = weak_socket.lock())
                   self->finish_connect(socket, std::move(refusal), std::move(data));
               });
  };
  static const json::value no_payload;
  handler->on_connect(socket,
                      {engine_->handshake_headers(), packet.data ? *packet.data : no_payload},
                      std::move(verdict));
}

void SocketIoConnection::finish_connect(const std::shared_ptr<SocketIoSocket>& socket,
                                        std::optional<std::string> refusal,
                                        std::shared_ptr<void> data) {
  // A DISCONNECT or the connection's close came first: the socket has ended.
  if (closed_ || !socket->connecting()) return;
  Packet reply;
  reply.nsp = socket->nsp();
  if (refusal) {
    remove(socket);
    socket->end("connect refused");
    reply.type = PacketType::connect_error;
    reply.data = json::object{{"message", *refusal}};
    send(std::move(reply));
    return;
  }
  const bool first = !any_connected();
  socket->accept(std::move(data));
  if (first) cancel_timer();  // the CONNECT timeout
  reply.type = PacketType::connect;
  reply.data = json::object{{"sid", socket->id()}};
  send(std::move(reply));
  socket->handler().on_connected(socket);
}

void SocketIoConnection::on_disconnect_packet(const Packet& packet) {
  SocketIoSocket* found = find(packet.nsp);
  if (!found) return;
  auto socket = found->shared_from_this();
  // 3.5: the socket leaves at once, but the Engine.IO connection stays open for the client's own
  // close `1`, which socket.io-client sends next (closing here made that POST a 400 "Session ID
  // unknown" in the browser). A connection left without a socket is closed by the connect
  // timeout, as after the handshake.
  remove(socket);
  socket->end("client namespace disconnect");
  if (!any_connected()) arm_connect_timer();
}

void SocketIoConnection::send(Packet packet,
                              std::vector<std::shared_ptr<const std::string>> attachments) {
  std::vector<eio::Packet> out;
  out.reserve(1 + attachments.size());
  out.push_back(eio::Packet::text(eio::PacketType::message, encode(packet)));
  for (auto& b : attachments) out.push_back(eio::Packet::bytes(std::move(b)));
  engine_->send(std::move(out));
}

SocketIoSocket* SocketIoConnection::find(std::string_view nsp) const {
  for (const auto& socket : sockets_)
    if (socket->nsp() == nsp) return socket.get();
  return nullptr;
}

void SocketIoConnection::remove(const std::shared_ptr<SocketIoSocket>& socket) {
  sockets_.erase(std::remove(sockets_.begin(), sockets_.end(), socket), sockets_.end());
}

bool SocketIoConnection::any_connected() const {
  return std::any_of(sockets_.begin(), sockets_.end(),
                     [](const auto& socket) { return socket->connected(); });
}

void SocketIoConnection::on_close(std::string_view reason) {
  if (closed_) return;
  closed_ = true;
  cancel_timer();
  auto sockets = std::move(sockets_);
  sockets_.clear();
  for (auto& socket : sockets) socket->end(reason);
}

}  // namespace im::sio
