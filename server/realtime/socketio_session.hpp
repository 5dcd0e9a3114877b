// im::Session over a Socket.IO socket: the Hub's pushes become Socket.IO events with one binary
// argument, and the client's ack (or its absence) becomes the push's AckReply.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "im/session.hpp"
#include "im/user_context.hpp"
#include "server/socketio/socketio_socket.hpp"

namespace im::host {

class SocketIoSession : public Session {
 public:
  SocketIoSession(std::weak_ptr<sio::SocketIoSocket> socket, UserContext user,
                  Features features = {});

  const UserContext& user() const override { return user_; }
  void send(std::string_view event, SharedBytes payload, AckCallback on_ack) override;
  void close() override;
  Features features() const override { return features_; }
  SessionDescription describe() const override;

 private:
  std::weak_ptr<sio::SocketIoSocket> socket_;
  UserContext user_;
  const Features features_;
  std::string id_;  // a process-wide counter: names this session to the admin API
  std::int64_t connected_at_ms_;
};

}  // namespace im::host
