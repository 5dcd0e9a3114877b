// Accepts TCP connections on the configured address and port (0 = a free port) and starts an
// HttpSession for each, the connections spread over the I/O threads (over TLS
// when the HttpContext has a TLS context). Connections over MAX_CONNECTIONS or
// MAX_CONNECTIONS_PER_ADDRESS are closed at once. When the process runs out of descriptors
// (EMFILE/ENFILE) accepting pauses for 100 ms instead of spinning, and such failures are logged at
// most once per 10 s.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "server/http/connection_limits.hpp"
#include "server/http/http_context.hpp"
#include "server/io_threads.hpp"

namespace im::host {

class HttpListener : public std::enable_shared_from_this<HttpListener> {
 public:
  // Binds and listens at once; throws std::runtime_error when the address cannot be used.
  HttpListener(IoThreads& io, const std::string& address, std::uint16_t port,
               std::shared_ptr<HttpContext> context);

  void run();
  // Stops accepting; existing connections finish on their own.
  void stop();
  std::uint16_t port() const { return port_; }

 private:
  void accept();
  void on_accept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);
  // Logs `what` unless something was logged less than 10 s ago (then counts it).
  void log_limited(const std::string& what);

  IoThreads& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer backoff_;  // on the acceptor's executor
  std::shared_ptr<HttpContext> context_;
  std::shared_ptr<ConnectionLimits> limits_;
  std::chrono::steady_clock::time_point last_log_{};
  std::uint64_t unlogged_ = 0;
  std::uint16_t port_ = 0;
};

}  // namespace im::host
