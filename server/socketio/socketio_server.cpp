#include "server/socketio/socketio_server.hpp"

#include "server/socketio/socketio_connection.hpp"

namespace im::sio {

SocketIoServer::SocketIoServer(std::chrono::milliseconds connect_timeout)
    : connect_timeout_(connect_timeout) {}

void SocketIoServer::add_namespace(std::string nsp, std::shared_ptr<SocketIoHandler> handler) {
  namespaces_.emplace_back(std::move(nsp), std::move(handler));
}

std::shared_ptr<SocketIoHandler> SocketIoServer::handler_for(std::string_view nsp) const {
  for (const auto& [name, handler] : namespaces_)
    if (name == nsp) return handler;
  return nullptr;
}

std::function<void(const std::shared_ptr<eio::EngineIoConnection>&)>
SocketIoServer::open_handler() {
  return [self = shared_from_this()](const std::shared_ptr<eio::EngineIoConnection>& engine) {
    std::make_shared<SocketIoConnection>(engine, self)->start();
  };
}

}  // namespace im::sio
