// The IM realtime layer of the host: libim's im::Realtime (the Hub and the MessageService, wired
// into the Engine) served over Socket.IO namespace "/" (ImSocketIoHandler) on the host's
// Engine.IO server, whose requests arrive through the HTTP listener (socket_endpoint()).
//
// Ownership choice: the realtime core lives here, in the host, not in im::Engine, because it
// needs the host's worker pool and I/O threads and dies with the transport.
#pragma once

#include <chrono>
#include <memory>

#include <boost/asio/thread_pool.hpp>

#include "im/bus.hpp"
#include "im/engine.hpp"
#include "im/hub.hpp"
#include "server/config/host_config.hpp"
#include "server/http/socket_endpoint.hpp"
#include "server/io_threads.hpp"

namespace im::host {

class ImRealtime {
 public:
  // `workers` runs storage work; it and `io` must outlive this object. `bus` (null: one node)
  // carries pushes, presence and revocations to the other nodes. Recovers the deliveries a
  // crash interrupted (docs/contract/realtime.md 8.2) and subscribes to token revocations (S7).
  ImRealtime(Engine& engine, const HostConfig& config, IoThreads& io,
             boost::asio::thread_pool& workers, std::shared_ptr<Bus> bus);
  ~ImRealtime();
  // Graceful stop, in this order: new messages are refused (error ack) and every message taken
  // before is stored and acked; then no new connection is taken and every client gets its close
  // (Engine.IO `1`, then the transport's close). Returns once every connection is gone (true)
  // or at `deadline` (false). The I/O threads must be running.
  bool stop(std::chrono::steady_clock::time_point deadline);

  // The socket path's requests go here (HttpContext::set_socket_endpoint).
  std::shared_ptr<SocketEndpoint> socket_endpoint();
  Hub& hub();
  // Open Engine.IO connections (GET /metrics).
  std::size_t connection_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace im::host
