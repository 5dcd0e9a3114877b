// The IM realtime layer of the host: the Hub and the MessageService, served over Socket.IO
// namespace "/" (ImSocketIoHandler) on the host's Engine.IO server, whose requests arrive through
// the HTTP listener (socket_endpoint()).
//
// Ownership choice: the Hub and the MessageService live here, in the host, not in im::Engine,
// because they need the host's worker pool and die with the transport; other host parts (the
// friends endpoints) reach the realtime layer through notify_pusher().
#pragma once

#include <chrono>
#include <memory>

#include <boost/asio/thread_pool.hpp>

#include "im/engine.hpp"
#include "im/hub.hpp"
#include "im/services/message_service.hpp"
#include "server/config/host_config.hpp"
#include "server/http/socket_endpoint.hpp"
#include "server/io_threads.hpp"

namespace im::host {

class ImRealtime {
 public:
  // `workers` runs storage work; it and `io` must outlive this object.
  ImRealtime(Engine& engine, const HostConfig& config, IoThreads& io,
             boost::asio::thread_pool& workers);
  ~ImRealtime();

  // Records deliveries interrupted by a crash (docs/contract/realtime.md 8.2) and subscribes to
  // token revocations (S7). Call once before serving.
  void start();
  // Graceful stop, in this order: new messages are refused (error ack) and every message taken
  // before is stored and acked; then no new connection is taken and every client gets its close
  // (Engine.IO `1`, then the transport's close). Returns once every connection is gone (true)
  // or at `deadline` (false). The I/O threads must be running.
  bool stop(std::chrono::steady_clock::time_point deadline);

  // The socket path's requests go here (HttpContext::set_socket_endpoint).
  std::shared_ptr<SocketEndpoint> socket_endpoint();
  NotifyPusher& notify_pusher();
  Hub& hub();
  MessageService& messages();
  // Open Engine.IO connections (GET /metrics).
  std::size_t connection_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace im::host
