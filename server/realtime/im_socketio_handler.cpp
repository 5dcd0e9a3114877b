#include "server/realtime/im_socketio_handler.hpp"

#include <boost/asio/post.hpp>

#include "server/realtime/connect_features.hpp"
#include "server/realtime/socketio_session.hpp"
#include "server/socketio/socketio_socket.hpp"

namespace im::host {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

std::shared_ptr<Session> session_of(const sio::SocketIoSocket& socket) {
  return std::static_pointer_cast<SocketIoSession>(socket.data());
}

}  // namespace

ImSocketIoHandler::ImSocketIoHandler(Engine& engine, asio::thread_pool& workers, Realtime& realtime,
                                     std::size_t max_sessions_per_user)
    : engine_(engine),
      workers_(workers),
      realtime_(realtime),
      max_sessions_per_user_(max_sessions_per_user) {}

void ImSocketIoHandler::on_connect(const std::shared_ptr<sio::SocketIoSocket>& socket,
                                   const sio::ConnectRequest& request, Verdict verdict) {
  // The credentials are the handshake's headers (3.2 step 1); the CONNECT payload only says
  // which protocol extensions the socket opts in to (none for the Electron client).
  std::string userid(request.headers["userid"]);
  std::string token(request.headers["authorization"]);
  const Features features = features_from_connect_payload(request.auth);
  // A token-store lookup and a JWT check: off the I/O thread (3.2; no TTL refresh).
  asio::post(workers_, [this, weak = std::weak_ptr<sio::SocketIoSocket>(socket), userid, token,
                        features, verdict = std::move(verdict)] {
    // A token store that cannot be reached (Redis down) refuses the CONNECT like a bad token.
    auto ctx = engine_.auth().authenticate(userid, token, /*refresh_ttl=*/false);
    if (!ctx) {
      verdict(std::string("Authentication error"), nullptr);
      return;
    }
    // One user cannot hold the node's memory with endless sessions (issue 11 item 8). The
    // count is taken before this session joins: concurrent CONNECTs may pass it together.
    if (max_sessions_per_user_ != 0 &&
        realtime_.hub().session_count(ctx->id) >= max_sessions_per_user_) {
      verdict(std::string("Too many sessions"), nullptr);
      return;
    }
    verdict(std::nullopt, std::make_shared<SocketIoSession>(weak, std::move(*ctx), features));
  });
}

void ImSocketIoHandler::on_connected(const std::shared_ptr<sio::SocketIoSocket>& socket) {
  if (auto session = session_of(*socket)) realtime_.connect(session);
}

void ImSocketIoHandler::on_event(const std::shared_ptr<sio::SocketIoSocket>& socket,
                                 const std::string& name, std::vector<sio::Arg> args,
                                 sio::AckSender ack) {
  const bool is_message = name == "on-message";
  const bool is_read = name == "on-message:read";
  const bool is_notify = name == "on-notify";
  const bool is_typing = name == "on-typing";  // docs/protocol-extensions.md, Typing
  if (!is_message && !is_read && !is_notify && !is_typing) return;  // unknown events: ignored (3.4)
  auto session = session_of(*socket);
  if (!session) return;
  // An extension event of a socket that did not opt in is an unknown event to it (3.4).
  if (is_typing && !session->features().has(Feature::typing)) return;
  bool ok = false;
  if (!args.empty() && args[0].binary) {
    const std::string& bytes = args[0].bytes;
    MessageService::AckFn ack_fn;
    if (ack) {
      ack_fn = [ack = std::move(ack)](const codec::AckMessage& value) {
        ack({sio::Arg::blob(std::make_shared<const std::string>(codec::encode(value)))});
      };
    }
    if (is_message) {
      ok = realtime_.on_message(session, bytes, std::move(ack_fn));
    } else if (is_read) {
      ok = realtime_.on_read(session, bytes, std::move(ack_fn));
    } else if (is_typing) {
      ok = realtime_.on_typing(session, bytes);  // never acked
    } else {
      ok = realtime_.on_notify(bytes);
    }
  }
  if (!ok) {
    // 3.4: non-binary, missing or undecodable argument; no ack.
    socket->emit(
        "exception",
        {sio::Arg::value(json::object{{"status", "error"}, {"message", "Internal server error"}})});
  }
}

void ImSocketIoHandler::on_disconnect(const std::shared_ptr<sio::SocketIoSocket>& socket,
                                      std::string_view) {
  if (auto session = session_of(*socket))
    realtime_.disconnect(*session);  // only this session (B18)
}

}  // namespace im::host
