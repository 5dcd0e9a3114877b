#include "server/http/http_listener.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include "im/log.hpp"
#include "server/http/client_address.hpp"
#include "server/http/http_session.hpp"

namespace im::host {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

HttpListener::HttpListener(IoThreads& io, const std::string& address, std::uint16_t port,
                           std::shared_ptr<HttpContext> context)
    : io_(io),
      acceptor_(io.at(0).get_executor()),
      backoff_(acceptor_.get_executor()),
      context_(std::move(context)) {
  const auto& config = context_->config();
  std::size_t max_total = config.max_connections != 0 ? config.max_connections
                                                      : ConnectionLimits::automatic_max_total();
  std::vector<std::string> exempt;
  for (const auto& proxy : config.trusted_proxies) exempt.push_back(client_address(proxy, "", {}));
  limits_ = std::make_shared<ConnectionLimits>(max_total, config.max_connections_per_address,
                                               std::move(exempt));
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

void HttpListener::run() {
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] { self->accept(); });
}

void HttpListener::stop() {
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ec;
    self->acceptor_.close(ec);
    self->backoff_.cancel();
  });
}

void HttpListener::accept() {
  // Each connection lives on one of the I/O threads for good; as each context runs on one
  // thread, its handlers never run concurrently without a strand.
  acceptor_.async_accept(
      io_.next().get_executor(),
      [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
        self->on_accept(ec, std::move(socket));
      });
}

void HttpListener::on_accept(boost::system::error_code ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
  if (ec) {
    if (ec == asio::error::no_descriptors ||
        ec == boost::system::errc::too_many_files_open_in_system ||
        ec == asio::error::no_buffer_space || ec == asio::error::no_memory) {
      // Out of descriptors or memory: the pending connection stays in the backlog; retrying at
      // once would spin (issue 11). Try again in 100 ms.
      log_limited(fmt::format("accept failed: {}; retrying every 100 ms", ec.message()));
      backoff_.expires_after(std::chrono::milliseconds(100));
      backoff_.async_wait([self = shared_from_this()](boost::system::error_code wait_ec) {
        if (!wait_ec) self->accept();
      });
      return;
    }
    log_limited(fmt::format("accept failed: {}", ec.message()));
    return accept();
  }
  boost::system::error_code peer_ec;
  auto peer = socket.remote_endpoint(peer_ec);
  // The TCP peer ("::ffff:1.2.3.4" as "1.2.3.4"), as the trusted proxies are written.
  std::string address =
      peer_ec ? std::string() : client_address(peer.address().to_string(), "", {});
  auto slot = limits_->admit(address);
  if (!slot) {
    log_limited(
        fmt::format("connection from {} closed: {} open, limits {} in all and {} per address",
                    address, limits_->total(), limits_->max_total(), limits_->max_per_address()));
    socket.close(peer_ec);
    return accept();
  }
  // TLS when the server has a certificate; the handshake is the session's first step.
  auto* tls = context_->tls();
  auto stream = tls ? NetStream(std::move(socket), *tls) : NetStream(std::move(socket));
  stream.hold(std::move(slot));
  std::make_shared<HttpSession>(std::move(stream), context_)->run();
  accept();
}

void HttpListener::log_limited(const std::string& what) {
  constexpr auto kInterval = std::chrono::seconds(10);
  auto now = std::chrono::steady_clock::now();
  if (last_log_ != std::chrono::steady_clock::time_point{} && now - last_log_ < kInterval) {
    ++unlogged_;
    return;
  }
  if (unlogged_ != 0)
    log::warn("{} ({} more such events in the last interval)", what, unlogged_);
  else
    log::warn("{}", what);
  unlogged_ = 0;
  last_log_ = now;
}

}  // namespace im::host
