// Accepts TCP connections on the configured address and port (0 = a free port) and starts an
// HttpSession on its own strand for each (over TLS when the HttpContext has a TLS context).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "server/http/http_context.hpp"

namespace im::host {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Binds and listens at once; throws std::runtime_error when the address cannot be used.
  Listener(boost::asio::io_context& io, const std::string& address, std::uint16_t port,
           std::shared_ptr<HttpContext> context);

  void run();
  // Stops accepting; existing connections finish on their own.
  void stop();
  std::uint16_t port() const { return port_; }

 private:
  void accept();

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::shared_ptr<HttpContext> context_;
  std::uint16_t port_ = 0;
};

}  // namespace im::host
