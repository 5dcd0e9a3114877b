#include "server/realtime/socketio_session.hpp"

namespace im::host {

SocketIoSession::SocketIoSession(std::weak_ptr<sio::SocketIoSocket> socket, UserContext user,
                                 Features features)
    : socket_(std::move(socket)), user_(std::move(user)), features_(features) {}

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

void SocketIoSession::close() {
  if (auto socket = socket_.lock()) socket->disconnect();
}

}  // namespace im::host
