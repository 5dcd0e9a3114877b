// The IM application on Socket.IO namespace "/" (docs/contract/realtime.md 3.2-3.5, 5): CONNECT
// authenticates with the handshake's `userid` and `authorization` headers, a connected socket joins
// the realtime core as a SocketIoSession, and the IM events go to it.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/thread_pool.hpp>

#include "im/engine.hpp"
#include "im/realtime.hpp"
#include "server/socketio/socketio_handler.hpp"

namespace im::host {

class ImSocketIoHandler : public sio::SocketIoHandler {
 public:
  // `workers` runs the authentication; everything given must outlive this object.
  ImSocketIoHandler(Engine& engine, boost::asio::thread_pool& workers, Realtime& realtime,
                    std::size_t max_sessions_per_user);

  void on_connect(const std::shared_ptr<sio::SocketIoSocket>& socket,
                  const sio::ConnectRequest& request, Verdict verdict) override;
  void on_connected(const std::shared_ptr<sio::SocketIoSocket>& socket) override;
  void on_event(const std::shared_ptr<sio::SocketIoSocket>& socket, const std::string& name,
                std::vector<sio::Arg> args, sio::AckSender ack) override;
  void on_disconnect(const std::shared_ptr<sio::SocketIoSocket>& socket,
                     std::string_view reason) override;

 private:
  Engine& engine_;
  boost::asio::thread_pool& workers_;
  Realtime& realtime_;
  std::size_t max_sessions_per_user_;
};

}  // namespace im::host
