// One Engine.IO v4 connection (docs/contract/realtime.md 2): transport state (polling, upgrade,
// websocket), the outgoing queue, heartbeat and close (engineio_connection.cpp); its long-polling
// requests are in engineio_polling.cpp. Everything runs on the connection's strand; the public
// send/close functions may be called from any thread. Knows nothing of Socket.IO.
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
#include "server/socketio/engineio_options.hpp"
#include "server/socketio/engineio_packet.hpp"
#include "server/socketio/engineio_websocket.hpp"
#include "server/socketio/packet_queue.hpp"

namespace im::eio {

// The layer above (Socket.IO). Called on the connection's strand.
class EngineIoHandler {
 public:
  virtual ~EngineIoHandler() = default;
  // A message packet: text data, or binary bytes.
  virtual void on_message(Packet packet) = 0;
  // Exactly once, when the connection is gone.
  virtual void on_close(std::string_view reason) = 0;
};

class EngineIoServer;

class EngineIoConnection : public std::enable_shared_from_this<EngineIoConnection>,
                           public EngineIoWebSocket::Handler {
 public:
  using Reply = std::function<void(host::HttpResponse)>;

  EngineIoConnection(std::string sid, Strand strand, std::shared_ptr<const EngineIoOptions> options,
                     boost::beast::http::fields handshake_headers,
                     std::weak_ptr<EngineIoServer> server);

  const std::string& sid() const { return sid_; }
  Strand& strand() { return strand_; }
  // Headers of the request that created the connection (docs/contract/realtime.md 3.2).
  const boost::beast::http::fields& handshake_headers() const { return headers_; }
  // Any thread: whether the connection runs over a websocket now (else long polling).
  bool on_websocket() const { return on_websocket_.load(std::memory_order_relaxed); }

  void set_handler(std::shared_ptr<EngineIoHandler> handler) { handler_ = std::move(handler); }

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

  // ---- used by the EngineIoServer, on the strand
  void start_polling();                                         // after the handshake GET
  void start_websocket(std::shared_ptr<EngineIoWebSocket> ws);  // a direct websocket connection
  void polling_get(const host::HttpRequest& request, Reply reply);
  void polling_post(const host::HttpRequest& request, Reply reply);
  // An upgrade request for this sid: false when it does not fit the state (400); otherwise
  // the upgrade slot is taken until begin_upgrade or abort_upgrade.
  bool reserve_upgrade();
  void begin_upgrade(std::shared_ptr<EngineIoWebSocket> ws);
  void abort_upgrade();

  // EngineIoWebSocket::Handler
  void on_ws_packet(EngineIoWebSocket& ws, Packet packet) override;
  void on_ws_closed(EngineIoWebSocket& ws) override;

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
  std::shared_ptr<const EngineIoOptions> options_;  // shared: timers may outlive the EngineIoServer
  boost::beast::http::fields headers_;
  std::weak_ptr<EngineIoServer> server_;
  std::shared_ptr<EngineIoHandler> handler_;

  Transport transport_ = Transport::polling;
  std::atomic<bool> on_websocket_{false};  // transport_ for other threads
  PacketQueue queue_;                      // polling only
  std::size_t queued_bytes_ = 0;
  Reply pending_get_;
  bool post_active_ = false;
  std::atomic<int> posts_in_flight_{0};  // claims held (header read, body on its way)
  std::atomic<bool> posts_overlapped_{false};
  std::shared_ptr<EngineIoWebSocket> ws_;     // the active websocket
  std::shared_ptr<EngineIoWebSocket> probe_;  // a websocket being upgraded to
  boost::asio::steady_timer ping_timer_;
  boost::asio::steady_timer upgrade_timer_;
  bool upgrading_ = false;
  bool awaiting_pong_ = false;
  bool closed_ = false;
  bool last_packets_kept_ = false;  // closed, but the queue waits for one more GET
};

}  // namespace im::eio
