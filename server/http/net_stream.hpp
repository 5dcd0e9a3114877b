// One connection's byte stream: plain TCP, or TLS over TCP when the server has a certificate
// (TLS_CERT / TLS_KEY). One type for the HTTP session, multipart uploads and websockets, which
// dispatches at run time; a plain connection allocates no TLS object at all.
//
// The TCP layer is a beast::tcp_stream in both cases (expires_after / expires_never apply to the
// TLS records too). `rebind` moves the connection onto another executor (an Engine.IO
// connection's strand) with a new socket object on the same descriptor, keeping a TLS session.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <utility>

#include <boost/asio/async_result.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_stream.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/beast/websocket/teardown.hpp>

namespace im::host {

// The transport under the TLS layer: forwards to the owning NetStream's tcp_stream, which
// `rebind` replaces while the TLS session goes on.
class TcpLayer {
 public:
  using executor_type = boost::beast::tcp_stream::executor_type;
  using lowest_layer_type = boost::beast::tcp_stream::socket_type;

  explicit TcpLayer(boost::beast::tcp_stream* stream) : stream_(stream) {}
  void reset(boost::beast::tcp_stream* stream) { stream_ = stream; }
  boost::beast::tcp_stream& stream() { return *stream_; }

  executor_type get_executor() { return stream_->get_executor(); }
  lowest_layer_type& lowest_layer() { return stream_->socket(); }
  const lowest_layer_type& lowest_layer() const { return stream_->socket(); }

  template <class MutableBuffers, class Token>
  auto async_read_some(const MutableBuffers& buffers, Token&& token) {
    return stream_->async_read_some(buffers, std::forward<Token>(token));
  }
  template <class ConstBuffers, class Token>
  auto async_write_some(const ConstBuffers& buffers, Token&& token) {
    return stream_->async_write_some(buffers, std::forward<Token>(token));
  }
  template <class MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers, boost::beast::error_code& ec) {
    return stream_->read_some(buffers, ec);
  }
  template <class ConstBuffers>
  std::size_t write_some(const ConstBuffers& buffers, boost::beast::error_code& ec) {
    return stream_->write_some(buffers, ec);
  }

 private:
  boost::beast::tcp_stream* stream_;
};

class NetStream {
 public:
  using executor_type = boost::beast::tcp_stream::executor_type;
  using SslStream = boost::asio::ssl::stream<TcpLayer>;

  // Plain TCP.
  explicit NetStream(boost::asio::ip::tcp::socket&& socket);
  // TLS (server role) over `socket`; async_handshake must complete before anything is read.
  NetStream(boost::asio::ip::tcp::socket&& socket, boost::asio::ssl::context& context);
  NetStream(NetStream&& other) noexcept;
  NetStream& operator=(NetStream&&) = delete;
  ~NetStream();

  bool tls() const { return tls_ != nullptr; }
  // Something released with the connection (its ConnectionLimits slot): kept across moves,
  // rebind and the websocket hand-over, freed when the stream is destroyed.
  void hold(std::shared_ptr<void> slot) { slot_ = std::move(slot); }
  // The TCP layer: timeouts, the socket, its address.
  boost::beast::tcp_stream& tcp() { return tcp_; }
  executor_type get_executor() { return tcp_.get_executor(); }

  // The same connection with a new socket object on `executor` (same descriptor; a TLS session
  // goes on): every completion handler without an executor of its own then runs there. Nothing
  // may be pending on this stream. On failure the returned stream is closed.
  NetStream rebind(const executor_type& executor) &&;

  template <class MutableBuffers, class Token>
  auto async_read_some(const MutableBuffers& buffers, Token&& token) {
    return boost::asio::async_initiate<Token, void(boost::beast::error_code, std::size_t)>(
        [this](auto handler, const MutableBuffers& b) {
          if (tls_) {
            tls_->async_read_some(b, std::move(handler));
          } else {
            tcp_.async_read_some(b, std::move(handler));
          }
        },
        token, buffers);
  }

  template <class ConstBuffers, class Token>
  auto async_write_some(const ConstBuffers& buffers, Token&& token) {
    return boost::asio::async_initiate<Token, void(boost::beast::error_code, std::size_t)>(
        [this](auto handler, const ConstBuffers& b) {
          if (tls_) {
            tls_->async_write_some(b, std::move(handler));
          } else {
            tcp_.async_write_some(b, std::move(handler));
          }
        },
        token, buffers);
  }

  // TLS only: the server side of the handshake.
  template <class Token>
  auto async_handshake(Token&& token) {
    return ssl().async_handshake(boost::asio::ssl::stream_base::server, std::forward<Token>(token));
  }

  // Ends the connection. TLS sends its close_notify first and waits at most `timeout` for the
  // peer's; then (and at once on a plain connection) the socket is shut down and closed, and
  // `done` runs. The caller keeps this stream alive until then (e.g. `done` holds its owner).
  void graceful_close(std::chrono::steady_clock::duration timeout, std::function<void()> done);
  // Shuts the socket down for sending and closes it at once.
  void close();

  // Beast's customisation points, so that websocket::stream<NetStream> works.
  friend void beast_close_socket(NetStream& stream) { stream.close(); }

  template <class TeardownHandler>
  friend void async_teardown(boost::beast::role_type role, NetStream& stream,
                             TeardownHandler&& handler) {
    if (stream.tls_) {
      // close_notify both ways, then the TCP teardown (async_teardown of TcpLayer below).
      boost::beast::async_teardown(role, stream.ssl(), std::forward<TeardownHandler>(handler));
    } else {
      boost::beast::async_teardown(role, stream.tcp_, std::forward<TeardownHandler>(handler));
    }
  }
  friend void teardown(boost::beast::role_type role, NetStream& stream,
                       boost::beast::error_code& ec);

 private:
  // beast::flat_stream joins a buffer sequence into one TLS record (header + body, frame header
  // + payload), as beast::ssl_stream does; its buffer is released after each write.
  using TlsLayer = boost::beast::flat_stream<SslStream>;

  NetStream(boost::beast::tcp_stream&& tcp, std::unique_ptr<TlsLayer> tls);
  SslStream& ssl() { return tls_->next_layer(); }

  boost::beast::tcp_stream tcp_;
  std::unique_ptr<TlsLayer> tls_;  // set only for TLS; points at tcp_
  std::shared_ptr<void> slot_;
};

// The TCP part of a TLS teardown.
template <class TeardownHandler>
void async_teardown(boost::beast::role_type role, TcpLayer& layer, TeardownHandler&& handler) {
  boost::beast::async_teardown(role, layer.stream(), std::forward<TeardownHandler>(handler));
}
void teardown(boost::beast::role_type role, TcpLayer& layer, boost::beast::error_code& ec);

}  // namespace im::host
