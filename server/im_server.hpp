// The whole host in one object: listener, HTTP routes, Socket.IO, worker pool. Used by
// main.cpp, by the tests (in-process) and by the Node binding.
#pragma once

#include <cstdint>
#include <memory>

#include "im/engine.hpp"
#include "server/config/host_config.hpp"

namespace im::host {

class ImServer {
 public:
  // Builds the engine's ports from the configuration (SQLite + in-process cache by default,
  // MariaDB/Redis when DB_HOST/REDIS_HOST are set), migrates storage, binds the port
  // (0 = a free port). Throws std::runtime_error on failure.
  explicit ImServer(HostConfig config);
  ~ImServer();
  ImServer(const ImServer&) = delete;
  ImServer& operator=(const ImServer&) = delete;

  // Starts the I/O threads and returns at once.
  void start();
  // Stops accepting, lets the messages taken be stored and acked, sends every Socket.IO client
  // its close and waits for the connections to end (at most SHUTDOWN_TIMEOUT; what is left
  // then is dropped), joins the threads. Idempotent.
  void stop();
  // Blocks until stop() is called (or SIGINT/SIGTERM when install_signal_handlers() was used).
  void wait();
  void install_signal_handlers();

  std::uint16_t port() const;
  Engine& engine();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace im::host
