// The Socket.IO v5 server (docs/contract/realtime.md 3) over an Engine.IO server: the namespaces
// and the application handling each, and the CONNECT timeout. Every Engine.IO connection it is
// opened on gets a SocketIoConnection. Namespaces are added before serving; then it is only read.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/socketio/engineio_connection.hpp"
#include "server/socketio/socketio_handler.hpp"

namespace im::sio {

class SocketIoServer : public std::enable_shared_from_this<SocketIoServer> {
 public:
  explicit SocketIoServer(std::chrono::milliseconds connect_timeout = std::chrono::seconds(45));

  // `handler` serves the CONNECTs to `nsp` ("/", "/custom"); any other namespace is refused
  // with CONNECT_ERROR "Invalid namespace". Before serving.
  void add_namespace(std::string nsp, std::shared_ptr<SocketIoHandler> handler);

  // For EngineIoServer: Socket.IO on every connection it opens.
  std::function<void(const std::shared_ptr<eio::EngineIoConnection>&)> open_handler();

  std::shared_ptr<SocketIoHandler> handler_for(std::string_view nsp) const;
  std::chrono::milliseconds connect_timeout() const { return connect_timeout_; }

 private:
  std::chrono::milliseconds connect_timeout_;
  std::vector<std::pair<std::string, std::shared_ptr<SocketIoHandler>>> namespaces_;
};

}  // namespace im::sio
