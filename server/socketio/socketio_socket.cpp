#include "server/socketio/socketio_socket.hpp"

#include <boost/asio/post.hpp>
#include <boost/json/serialize.hpp>

#include "im/auth/random.hpp"
#include "im/log.hpp"

namespace im::sio {

namespace asio = boost::asio;
namespace json = boost::json;

Socket::Socket(std::shared_ptr<eio::Connection> connection, std::shared_ptr<Handler> handler,
               std::chrono::milliseconds connect_timeout)
    : id_(auth::random_id(20)),
      connection_(std::move(connection)),
      handler_(std::move(handler)),
      connect_timeout_(connect_timeout),
      timer_(connection_->strand()) {}

void Socket::start() {
  connection_->set_handler(shared_from_this());
  arm_connect_timer();
}

void Socket::arm_connect_timer() {
  arm_timer(Clock::now() + connect_timeout_);
}

void Socket::arm_timer(Clock::time_point at) {
  timer_armed_ = true;
  timer_.expires_at(at);  // a wait already pending ends with operation_aborted
  timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    auto self = weak.lock();
    if (ec || !self) return;
    self->on_timer();
  });
}

void Socket::cancel_timer() {
  timer_.cancel();
  timer_armed_ = false;
}

void Socket::on_timer() {
  timer_armed_ = false;
  if (closed_) return;
  if (!connected_) {
    connection_->close();  // no CONNECT in time (S16)
    return;
  }
  expire_acks();
}

// Fails every ack whose deadline passed, then waits for the earliest one left.
void Socket::expire_acks() {
  const auto now = Clock::now();
  auto earliest = Clock::time_point::max();
  std::vector<AckCallback> expired;
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->second.deadline <= now) {
      expired.push_back(std::move(it->second.callback));
      it = pending_.erase(it);
    } else {
      earliest = std::min(earliest, it->second.deadline);
      ++it;
    }
  }
  if (earliest != Clock::time_point::max()) arm_timer(earliest);
  for (auto& callback : expired)
    if (callback) callback(AckStatus::timeout, {});
}

void Socket::protocol_error(std::string_view what) {
  log::debug("socket.io protocol error on {}: {}", connection_->sid(), what);
  connection_->close();
}

void Socket::on_message(eio::Packet packet) {
  if (closed_) return;
  Decoder::Status status = packet.binary ? decoder_.feed_binary(std::move(packet.data))
                                         : decoder_.feed_text(packet.data);
  if (status == Decoder::Status::error) return protocol_error("malformed packet");
  if (status == Decoder::Status::packet) dispatch(decoder_.take());
}

void Socket::dispatch(Packet packet) {
  switch (packet.type) {
    case PacketType::connect:
      return on_connect_packet(packet);
    case PacketType::disconnect:
      // 3.5: the socket leaves at once, but the Engine.IO connection stays open for the client's
      // own close `1`, which socket.io-client sends next (closing here made that POST a 400
      // "Session ID unknown" in the browser). A connection left without a socket is closed by
      // the connect timeout, as after the handshake.
      if (packet.nsp == "/") {
        end_socket("client namespace disconnect");
        arm_connect_timer();
      }
      return;
    case PacketType::event:
    case PacketType::binary_event: {
      if (!connected_ || packet.nsp != "/") return;  // 3.2 step 8
      auto name = event_name(packet);
      if (!name) return;
      AckSender ack;
      if (packet.id) {
        ack = [weak = weak_from_this(), id = *packet.id](std::vector<Arg> args) {
          auto self = weak.lock();
          if (!self) return;
          asio::post(self->connection_->strand(), [self, id, args = std::move(args)]() mutable {
            self->send_packet(PacketType::ack, PacketType::binary_ack, id, {}, std::move(args));
          });
        };
      }
      handler_->on_event(shared_from_this(), *name, event_args(packet), std::move(ack));
      return;
    }
    case PacketType::ack:
    case PacketType::binary_ack: {
      if (!packet.id) return;
      auto it = pending_.find(*packet.id);
      if (it == pending_.end()) return;  // late or unknown: nothing waits for it
      auto callback = std::move(it->second.callback);
      pending_.erase(it);
      if (callback) callback(AckStatus::ok, ack_args(packet));
      return;
    }
    case PacketType::connect_error:
      return;  // server-only packet
  }
}

void Socket::on_connect_packet(const Packet& packet) {
  if (packet.nsp != "/") {
    Packet err;
    err.type = PacketType::connect_error;
    err.nsp = packet.nsp;
    err.data = json::object{{"message", "Invalid namespace"}};
    return send(std::move(err));
  }
  if (connecting_ || connected_) return;
  connecting_ = true;
  // The payload is ignored (3.2 step 1); the verdict comes from the handshake headers.
  auto verdict = [weak = weak_from_this(), life = life_](std::optional<std::string> refusal,
                                                         std::shared_ptr<void> data) {
    auto self = weak.lock();
    if (!self) return;
    asio::post(self->connection_->strand(),
               [self, life, refusal = std::move(refusal), data = std::move(data)]() mutable {
                 if (life != self->life_) return;  // a DISCONNECT came first
                 self->finish_connect(std::move(refusal), std::move(data));
               });
  };
  handler_->on_connect(shared_from_this(), connection_->handshake_headers(), std::move(verdict));
}

void Socket::finish_connect(std::optional<std::string> refusal, std::shared_ptr<void> data) {
  connecting_ = false;
  if (closed_) return;
  Packet reply;
  if (refusal) {
    reply.type = PacketType::connect_error;
    reply.data = json::object{{"message", *refusal}};
    send(std::move(reply));
    return;
  }
  connected_ = true;
  data_ = std::move(data);
  cancel_timer();
  reply.type = PacketType::connect;
  reply.data = json::object{{"sid", id_}};
  send(std::move(reply));
  handler_->on_connected(shared_from_this());
}

void Socket::send(Packet packet, std::vector<std::shared_ptr<const std::string>> buffers) {
  std::vector<eio::Packet> out;
  out.reserve(1 + buffers.size());
  out.push_back(eio::Packet::text(eio::PacketType::message, encode(packet)));
  for (auto& b : buffers) out.push_back(eio::Packet::bytes(std::move(b)));
  connection_->send(std::move(out));
}

// Builds an EVENT/ACK (or the binary variant when an argument is binary) with placeholders.
void Socket::send_packet(PacketType text_type, PacketType binary_type,
                         std::optional<std::uint64_t> id, json::array data, std::vector<Arg> args) {
  std::vector<std::shared_ptr<const std::string>> buffers;
  for (auto& a : args) {
    if (a.binary) {
      data.push_back(placeholder(buffers.size()));
      buffers.push_back(a.shared ? std::move(a.shared)
                                 : std::make_shared<const std::string>(std::move(a.bytes)));
    } else {
      data.push_back(std::move(a.json));
    }
  }
  Packet p;
  p.type = buffers.empty() ? text_type : binary_type;
  p.attachments = buffers.size();
  p.id = id;
  p.data = std::move(data);
  send(std::move(p), std::move(buffers));
}

void Socket::emit(std::string event, std::vector<Arg> args, AckCallback on_ack,
                  std::chrono::milliseconds timeout) {
  asio::post(connection_->strand(),
             [self = shared_from_this(), event = std::move(event), args = std::move(args),
              on_ack = std::move(on_ack), timeout]() mutable {
               if (self->closed_ || !self->connected_) {
                 if (on_ack) on_ack(AckStatus::closed, {});
                 return;
               }
               std::optional<std::uint64_t> id;
               if (on_ack) {
                 id = self->next_ack_id_++;
                 auto deadline = Clock::time_point::max();
                 if (timeout.count() > 0) {
                   deadline = Clock::now() + timeout;
                   if (!self->timer_armed_ || deadline < self->timer_.expiry())
                     self->arm_timer(deadline);
                 }
                 self->pending_.emplace(*id, PendingAck{std::move(on_ack), deadline});
               }
               self->send_packet(PacketType::event, PacketType::binary_event, id,
                                 json::array{json::string(event)}, std::move(args));
             });
}

void Socket::disconnect() {
  asio::post(connection_->strand(), [self = shared_from_this()] {
    if (self->closed_) return;
    Packet p;
    p.type = PacketType::disconnect;
    self->send(std::move(p));
    self->connection_->close();
  });
}

void Socket::on_close(std::string_view reason) {
  if (closed_) return;
  closed_ = true;
  cancel_timer();
  end_socket(reason);
}

void Socket::end_socket(std::string_view reason) {
  ++life_;
  connecting_ = false;
  // B26: pending acks fail at once.
  auto pending = std::move(pending_);
  pending_.clear();
  for (auto& [id, p] : pending)
    if (p.callback) p.callback(AckStatus::closed, {});
  if (connected_) {
    connected_ = false;
    handler_->on_disconnect(shared_from_this(), reason);
    data_.reset();
  }
}

std::function<void(const std::shared_ptr<eio::Connection>&)> socketio_open_handler(
    std::shared_ptr<Handler> handler, std::chrono::milliseconds connect_timeout) {
  return [handler = std::move(handler), connect_timeout](const auto& connection) {
    std::make_shared<Socket>(connection, handler, connect_timeout)->start();
  };
}

}  // namespace im::sio
