// One Engine.IO v4 connection (docs/contract/realtime.md 2): transport state (polling, upgrade,
// websocket), the outgoing queue, heartbeat and close. Everything runs on the connection's strand;
// the public send/close functions may be called from any thread. Knows nothing of Socket.IO.
#pragma once

#include <atomic>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http/fields.hpp>

#include "server/http/socket_endpoint.hpp"
#include "server/socketio/engineio_packet.hpp"
#include "server/socketio/engineio_websocket.hpp"
#include "server/socketio/packet_queue.hpp"

namespace im::eio {

struct Options {
  std::chrono::milliseconds ping_interval{25000};
  std::chrono::milliseconds ping_timeout{20000};
  std::chrono::milliseconds upgrade_timeout{10000};
  std::size_t max_payload = 1000000;
  // S16: a client that does not read is dropped once this much waits for it.
  std::size_t max_queued_bytes = 8 * 1000000;
  // A websocket being closed is closed hard after this long (WS_CLOSE_GRACE): a peer that reads
  // nothing must not hold its connection and kernel buffers.
  std::chrono::milliseconds close_grace{5000};
  std::vector<std::string> allowed_origins;
  // Sessions at most, authenticated or not (0 = no limit): a polling session holds no TCP
  // connection, so the connection limits alone do not bound them. Past it a handshake gets 503.
  std::size_t max_sessions = 0;
  // docs/contract/realtime.md 2.5 answers a websocket upgrade for a connection that cannot upgrade
  // (already upgraded, or upgrading) with HTTP 400. The reference Engine.IO server instead
  // completes the handshake and closes that websocket at once; the protocol test suites expect
  // that.
  bool refuse_bad_upgrade_with_400 = true;
};

// The layer above (Socket.IO). Called on the connection's strand.
class ConnectionHandler {
 public:
  virtual ~ConnectionHandler() = default;
  // A message packet: text data, or binary bytes.
  virtual void on_message(Packet packet) = 0;
  // Exactly once, when the connection is gone.
  virtual void on_close(std::string_view reason) = 0;
};

class Server;

class Connection : public std::enable_shared_from_this<Connection>, public WebSocket::Listener {
 public:
  using Reply = std::function<void(host::HttpResponse)>;

  Connection(std::string sid, Strand strand, std::shared_ptr<const Options> options,
             boost::beast::http::fields handshake_headers, std::weak_ptr<Server> server);

  const std::string& sid() const { return sid_; }
  Strand& strand() { return strand_; }
  // Headers of the request that created the connection (docs/contract/realtime.md 3.2).
  const boost::beast::http::fields& handshake_headers() const { return headers_; }

  void set_handler(std::shared_ptr<ConnectionHandler> handler) { handler_ = std::move(handler); }

  // Any thread. Packets of one call stay together and in order.
  void send(std::vector<Packet> packets);
  // Any thread. Flushes what is queued, then closes.
  void close();
  // Any thread. Server shutdown: what is queued, then the close packet `1` (for polling in the
  // same GET when it fits: no Socket.IO packet has to arrive alone here), then the transport's
  // close.
  void stop();
  // Any thread. Closes at once for `reason` (a protocol error): nothing more is delivered.
  void abort(std::string reason);
  // Any thread, when a polling POST's header arrives: held until its request reaches
  // polling_post. A POST that began while another one was in flight is refused there (2.4).
  std::shared_ptr<void> claim_post();

  // ---- used by the Server, on the strand
  void start_polling();                                 // after the handshake GET
  void start_websocket(std::shared_ptr<WebSocket> ws);  // a direct websocket connection
  void polling_get(const host::HttpRequest& request, Reply reply);
  void polling_post(const host::HttpRequest& request, Reply reply);
  // An upgrade request for this sid: false when it does not fit the state (400); otherwise
  // the upgrade slot is taken until begin_upgrade or abort_upgrade.
  bool reserve_upgrade();
  void begin_upgrade(std::shared_ptr<WebSocket> ws);
  void abort_upgrade();

  // WebSocket::Listener
  void on_ws_packet(WebSocket& ws, Packet packet) override;
  void on_ws_closed(WebSocket& ws) override;

 private:
  enum class Transport { polling, websocket };

  void enqueue(std::vector<Packet> packets);
  void flush_polling();
  void incoming(Packet packet);
  void schedule_ping();
  void on_ping_timer();
  void finish_upgrade();
  void shutdown(std::string_view reason);
  // Polling, closed by the server: the next GET still collects the last packets (e.g. Socket.IO's
  // `41`), the one after that the close, within `at_most` (the ping timeout of
  // docs/contract/realtime.md 2.6, S7; shorter during a stop).
  void keep_last_packets(std::chrono::milliseconds at_most);
  void forget();

  std::string sid_;
  Strand strand_;
  std::shared_ptr<const Options> options_;  // shared: timers may outlive the Server
  boost::beast::http::fields headers_;
  std::weak_ptr<Server> server_;
  std::shared_ptr<ConnectionHandler> handler_;

  Transport transport_ = Transport::polling;
  PacketQueue queue_;  // polling only
  std::size_t queued_bytes_ = 0;
  Reply pending_get_;
  bool post_active_ = false;
  std::atomic<int> posts_in_flight_{0};  // claims held (header read, body on its way)
  std::atomic<bool> posts_overlapped_{false};
  std::shared_ptr<WebSocket> ws_;     // the active websocket
  std::shared_ptr<WebSocket> probe_;  // a websocket being upgraded to
  boost::asio::steady_timer ping_timer_;
  boost::asio::steady_timer upgrade_timer_;
  bool upgrading_ = false;
  bool awaiting_pong_ = false;
  bool closed_ = false;
  bool last_packets_kept_ = false;  // closed, but the queue waits for one more GET
};

}  // namespace im::eio
