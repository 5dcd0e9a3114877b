// The application side of the Socket.IO layer: one handler per namespace
// (SocketIoServer::add_namespace). The layer calls it on the connection's strand.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/beast/http/fields.hpp>
#include <boost/json/value.hpp>

#include "server/socketio/socketio_packet.hpp"

namespace im::sio {

class SocketIoSocket;

enum class AckStatus { ok, closed, timeout };
// How an emit that asked for an ack ended; with `ok`, the client's ack arguments.
using AckCallback = std::function<void(AckStatus, std::vector<Arg>)>;
// Sends the ack of a received event, from any thread; empty when the client asked for none.
using AckSender = std::function<void(std::vector<Arg>)>;

// What a CONNECT brings (docs/contract/realtime.md 3.2): the headers of the request that opened the
// Engine.IO connection (those EngineIoServer keeps) and the CONNECT payload (null when there is
// none).
struct ConnectRequest {
  const boost::beast::http::fields& headers;
  const boost::json::value& auth;
};

class SocketIoHandler {
 public:
  virtual ~SocketIoHandler() = default;
  // Call `verdict` exactly once, from any thread: nullopt accepts (and `data` becomes
  // SocketIoSocket::data()), a text refuses with CONNECT_ERROR {"message": text}.
  using Verdict =
      std::function<void(std::optional<std::string> refusal, std::shared_ptr<void> data)>;
  virtual void on_connect(const std::shared_ptr<SocketIoSocket>& socket,
                          const ConnectRequest& request, Verdict verdict) = 0;
  // After the CONNECT reply was queued.
  virtual void on_connected(const std::shared_ptr<SocketIoSocket>& socket) = 0;
  virtual void on_event(const std::shared_ptr<SocketIoSocket>& socket, const std::string& name,
                        std::vector<Arg> args, AckSender ack) = 0;
  // Only for sockets that were connected.
  virtual void on_disconnect(const std::shared_ptr<SocketIoSocket>& socket,
                             std::string_view reason) = 0;
};

}  // namespace im::sio
