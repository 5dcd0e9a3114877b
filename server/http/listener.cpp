#include "server/http/listener.hpp"

#include <stdexcept>

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include "im/log.hpp"
#include "server/http/http_session.hpp"

namespace im::host {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

Listener::Listener(asio::io_context& io, const std::string& address, std::uint16_t port,
                   std::shared_ptr<HttpContext> context)
    : io_(io), acceptor_(asio::make_strand(io)), context_(std::move(context)) {
  boost::system::error_code ec;
  auto ip = asio::ip::make_address(address, ec);
  if (ec) throw std::runtime_error("invalid bind address '" + address + "'");
  tcp::endpoint endpoint(ip, port);
  auto check = [&](const char* what) {
    if (ec)
      throw std::runtime_error(std::string("cannot ") + what + " " + address + ":" +
                               std::to_string(port) + ": " + ec.message());
  };
  acceptor_.open(endpoint.protocol(), ec);
  check("open");
  acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  check("configure");
  acceptor_.bind(endpoint, ec);
  check("bind");
  acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  check("listen on");
  port_ = acceptor_.local_endpoint().port();
}

void Listener::run() {
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] { self->accept(); });
}

void Listener::stop() {
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ec;
    self->acceptor_.close(ec);
  });
}

void Listener::accept() {
  // Each connection gets its own strand: its handlers never run concurrently.
  acceptor_.async_accept(
      asio::make_strand(io_),
      [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !self->acceptor_.is_open()) return;
        if (ec) {
          log::warn("accept failed: {}", ec.message());
        } else {
          // TLS when the server has a certificate; the handshake is the session's first step.
          auto* tls = self->context_->tls();
          auto stream = tls ? NetStream(std::move(socket), *tls) : NetStream(std::move(socket));
          std::make_shared<HttpSession>(std::move(stream), self->context_)->run();
        }
        self->accept();
      });
}

}  // namespace im::host
