#include "server/realtime/socketio_session.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>

namespace im::host {

namespace {

std::string next_session_id() {
  static std::atomic<std::uint64_t> counter{0};
  return std::to_string(counter.fetch_add(1, std::memory_order_relaxed) + 1);
}

std::int64_t unix_ms_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

SocketIoSession::SocketIoSession(std::weak_ptr<sio::SocketIoSocket> socket, UserContext user,
                                 Features features)
    : socket_(std::move(socket)),
      user_(std::move(user)),
      features_(features),
      id_(next_session_id()),
      connected_at_ms_(unix_ms_now()) {}

namespace {
// The Hub times acks itself (push_ack_timeout); the socket only forgets, after this long, an
// ack a client never sent, so that its table of pending acks does not grow.
constexpr std::chrono::seconds kForgetUnansweredAckAfter{60};
}  // namespace

void SocketIoSession::send(std::string_view event, SharedBytes payload, AckCallback on_ack) {
  auto socket = socket_.lock();
  if (!socket) {
    if (on_ack) on_ack(AckReply{AckReply::Kind::closed, {}});
    return;
  }
  sio::AckCallback cb;
  if (on_ack) {
    cb = [on_ack = std::move(on_ack)](sio::AckStatus status, std::vector<sio::Arg> args) {
      AckReply reply;
      if (status == sio::AckStatus::closed) {
        reply.kind = AckReply::Kind::closed;
      } else if (status == sio::AckStatus::timeout) {
        reply.kind = AckReply::Kind::timeout;
      } else if (!args.empty() && args[0].binary) {
        reply.kind = AckReply::Kind::binary;
        reply.bytes = std::move(args[0].bytes);
      } else {
        reply.kind = AckReply::Kind::other;  // e.g. a JSON ack (B25)
      }
      on_ack(std::move(reply));
    };
  }
  socket->emit(std::string(event), {sio::Arg::blob(std::move(payload))}, std::move(cb),
               kForgetUnansweredAckAfter);
}

SessionDescription SocketIoSession::describe() const {
  SessionDescription d;
  d.id = id_;
  d.connected_at_ms = connected_at_ms_;
  if (auto socket = socket_.lock()) {
    const auto& connection = socket->engine_connection();
    d.transport = connection->on_websocket() ? "websocket" : "polling";
    d.address = std::string(connection->handshake_headers()[host::kClientAddressHeader]);
  }
  return d;
}

void SocketIoSession::close() {
  if (auto socket = socket_.lock()) socket->disconnect();
}

}  // namespace im::host
