#include "server/socketio/socketio_socket.hpp"

#include <boost/asio/post.hpp>

#include "im/auth/random.hpp"
#include "server/socketio/socketio_connection.hpp"

namespace im::sio {

namespace asio = boost::asio;
namespace json = boost::json;

SocketIoSocket::SocketIoSocket(std::shared_ptr<SocketIoConnection> connection, std::string nsp,
                               std::shared_ptr<SocketIoHandler> handler)
    : id_(auth::random_id(20)),
      nsp_(std::move(nsp)),
      connection_(std::move(connection)),
      handler_(std::move(handler)) {}

const std::shared_ptr<eio::EngineIoConnection>& SocketIoSocket::engine_connection() const {
  return connection_->engine_connection();
}

void SocketIoSocket::accept(std::shared_ptr<void> data) {
  state_ = State::connected;
  data_ = std::move(data);
}

void SocketIoSocket::on_event(const Packet& packet) {
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
}

void SocketIoSocket::on_ack(const Packet& packet) {
  if (!packet.id) return;
  auto it = pending_.find(*packet.id);
  if (it == pending_.end()) return;  // late or unknown: nothing waits for it
  auto callback = std::move(it->second.callback);
  pending_.erase(it);
  if (callback) callback(AckStatus::ok, ack_args(packet));
}

SocketIoSocket::Clock::time_point SocketIoSocket::take_expired(Clock::time_point now,
                                                               std::vector<AckCallback>& expired) {
  auto earliest = Clock::time_point::max();
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->second.deadline <= now) {
      expired.push_back(std::move(it->second.callback));
      it = pending_.erase(it);
    } else {
      earliest = std::min(earliest, it->second.deadline);
      ++it;
    }
  }
  return earliest;
}

void SocketIoSocket::send_packet(PacketType text_type, PacketType binary_type,
                                 std::optional<std::uint64_t> id, json::array data,
                                 std::vector<Arg> args) {
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
  p.nsp = nsp_;
  p.attachments = buffers.size();
  p.id = id;
  p.data = std::move(data);
  connection_->send(std::move(p), std::move(buffers));
}

void SocketIoSocket::emit(std::string event, std::vector<Arg> args, AckCallback on_ack,
                          std::chrono::milliseconds timeout) {
  asio::post(connection_->strand(),
             [self = shared_from_this(), event = std::move(event), args = std::move(args),
              on_ack = std::move(on_ack), timeout]() mutable {
               if (!self->connected()) {
                 if (on_ack) on_ack(AckStatus::closed, {});
                 return;
               }
               std::optional<std::uint64_t> id;
               if (on_ack) {
                 id = self->next_ack_id_++;
                 auto deadline = Clock::time_point::max();
                 if (timeout.count() > 0) {
                   deadline = Clock::now() + timeout;
                   self->connection_->expect_ack_by(deadline);
                 }
                 self->pending_.emplace(*id, PendingAck{std::move(on_ack), deadline});
               }
               self->send_packet(PacketType::event, PacketType::binary_event, id,
                                 json::array{json::string(event)}, std::move(args));
             });
}

void SocketIoSocket::disconnect() {
  asio::post(connection_->strand(), [self = shared_from_this()] {
    if (self->connection_->closed()) return;
    Packet p;
    p.type = PacketType::disconnect;
    p.nsp = self->nsp_;
    self->connection_->send(std::move(p));
    self->engine_connection()->close();
  });
}

void SocketIoSocket::end(std::string_view reason) {
  // B26: pending acks fail at once.
  auto pending = std::move(pending_);
  pending_.clear();
  for (auto& [id, p] : pending)
    if (p.callback) p.callback(AckStatus::closed, {});
  const bool was_connected = connected();
  state_ = State::ended;
  if (was_connected) {
    handler_->on_disconnect(shared_from_this(), reason);
    data_.reset();
  }
}

}  // namespace im::sio
