#include "server/http/net_stream.hpp"

namespace im::host {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

NetStream::NetStream(tcp::socket&& socket) : tcp_(std::move(socket)) {}

NetStream::NetStream(tcp::socket&& socket, asio::ssl::context& context)
    : tcp_(std::move(socket)), tls_(std::make_unique<TlsLayer>(TcpLayer(&tcp_), context)) {}

NetStream::NetStream(beast::tcp_stream&& tcp, std::unique_ptr<TlsLayer> tls)
    : tcp_(std::move(tcp)), tls_(std::move(tls)) {
  if (tls_) ssl().next_layer().reset(&tcp_);
}

NetStream::NetStream(NetStream&& other) noexcept
    : tcp_(std::move(other.tcp_)), tls_(std::move(other.tls_)), slot_(std::move(other.slot_)) {
  if (tls_) ssl().next_layer().reset(&tcp_);
}

NetStream::~NetStream() = default;

NetStream NetStream::rebind(const executor_type& executor) && {
  auto socket = tcp_.release_socket();
  beast::error_code ec;
  auto protocol = socket.local_endpoint(ec).protocol();
  tcp::socket moved(executor);
  if (!ec) {
    auto fd = socket.release(ec);
    if (!ec) moved.assign(protocol, fd, ec);
  }
  NetStream out(beast::tcp_stream(std::move(moved)), std::move(tls_));
  out.slot_ = std::move(slot_);
  return out;
}

void NetStream::graceful_close(std::chrono::steady_clock::duration timeout,
                               std::function<void()> done) {
  if (!tls_ || !tcp_.socket().is_open()) {
    close();
    if (done) done();
    return;
  }
  tcp_.expires_after(timeout);
  ssl().async_shutdown([this, done = std::move(done)](beast::error_code) {
    close();
    if (done) done();
  });
}

void NetStream::close() {
  beast::error_code ec;
  tcp_.socket().shutdown(tcp::socket::shutdown_send, ec);
  tcp_.socket().close(ec);
}

void teardown(beast::role_type role, NetStream& stream, beast::error_code& ec) {
  if (stream.tls_) {
    beast::teardown(role, stream.ssl(), ec);
  } else {
    beast::teardown(role, stream.tcp_, ec);
  }
}

void teardown(beast::role_type role, TcpLayer& layer, beast::error_code& ec) {
  beast::teardown(role, layer.stream(), ec);
}

}  // namespace im::host
