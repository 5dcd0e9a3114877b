#include "server/socketio/engineio_websocket.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

namespace im::eio {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace asio = boost::asio;

namespace {

// Re-homes the accepted socket (and its TLS session) on the connection's strand, so that every
// completion handler of the websocket runs there without binding (Beast's saved handlers cannot
// hold a bound strand under BOOST_ASIO_NO_DEPRECATED).
host::NetStream on_strand(host::NetStream stream, const Strand& strand) {
  host::NetStream moved = std::move(stream).rebind(strand);
  // Small frames (an ack header and its attachment) must not wait for delayed ACKs.
  beast::error_code ec;
  if (moved.tcp().socket().is_open())
    moved.tcp().socket().set_option(asio::ip::tcp::no_delay(true), ec);
  return moved;
}

}  // namespace

WebSocket::WebSocket(host::NetStream stream, const Strand& strand, std::size_t max_payload)
    : ws_(on_strand(std::move(stream), strand)) {
  // Past maxPayload Beast fails the read and closes with 1009 (realtime.md 2.6).
  ws_.read_message_max(max_payload);
  ws_.auto_fragment(false);
}

void WebSocket::accept(const host::HttpRequest& request, std::function<void(bool)> done) {
  ws_.next_layer().tcp().expires_never();
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(beast::http::field::vary, "Origin"); }));
  ws_.async_accept(request,
                   ([self = shared_from_this(), done = std::move(done)](beast::error_code ec) {
                     if (ec) self->closed_ = true;
                     done(!ec);
                   }));
}

void WebSocket::start(std::weak_ptr<Listener> listener) {
  listener_ = std::move(listener);
  read();
}

void WebSocket::read() {
  // The pending read of an idle connection reserves only a small buffer (Beast would prepare
  // 1.5 KB up front); most packets fit, longer messages continue below (docs/benchmarks.md).
  constexpr std::size_t kFirstRead = 64;
  ws_.async_read_some(
      buffer_, kFirstRead,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
}

void WebSocket::on_read(beast::error_code ec) {
  if (ec) {
    finish();
    return;
  }
  if (!ws_.is_message_done()) {
    // The rest of a longer message; maxPayload is still enforced per message (read_message_max).
    ws_.async_read_some(buffer_, 0, [self = shared_from_this()](beast::error_code e, std::size_t) {
      self->on_read(e);
    });
    return;
  }
  Packet packet;
  std::string data = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  buffer_.shrink_to_fit();
  if (ws_.got_binary()) {
    packet = Packet{PacketType::message, true, std::move(data), {}};
  } else if (auto p = parse_text(data)) {
    packet = std::move(*p);
  } else {
    close(false);  // not an Engine.IO packet: protocol error
    return;
  }
  if (auto l = listener_.lock()) l->on_ws_packet(*this, std::move(packet));
  if (!closed_) read();
}

std::size_t WebSocket::write(Packet packet) {
  if (closed_ || close_after_writes_) return queued_bytes_;
  if (!packet.binary) {
    // A text frame carries the type digit; frame it now so the queue holds wire bytes.
    std::string framed = encode_text(packet);
    packet = Packet{PacketType::message, false, std::move(framed), {}};
  }
  queued_bytes_ += packet.view().size();
  queue_.push_back(std::move(packet));
  if (!writing_) write_next();
  return queued_bytes_;
}

void WebSocket::write_next() {
  if (queue_.empty()) {
    writing_ = false;
    if (close_after_writes_) close(false);
    return;
  }
  writing_ = true;
  const Packet& p = queue_.front();
  ws_.binary(p.binary);
  ws_.async_write(
      asio::buffer(p.view()), [self = shared_from_this()](beast::error_code ec, std::size_t) {
        self->queued_bytes_ -= std::min(self->queued_bytes_, self->queue_.front().view().size());
        self->queue_.pop_front();
        if (ec) {
          self->finish();
          return;
        }
        self->write_next();
      });
}

void WebSocket::close(bool graceful) {
  if (closed_) return;
  if (writing_) {
    if (graceful) {
      close_after_writes_ = true;
    } else {
      finish();  // a close frame cannot overlap the write in flight
    }
    return;
  }
  closed_ = true;
  ws_.async_close(websocket::close_code::normal,
                  [self = shared_from_this()](beast::error_code) { self->finish(); });
}

void WebSocket::finish() {
  if (finished_) return;
  finished_ = true;
  closed_ = true;
  beast::error_code ignored;
  ws_.next_layer().tcp().socket().close(ignored);
  if (auto l = listener_.lock()) {
    listener_.reset();
    l->on_ws_closed(*this);
  }
}

}  // namespace im::eio
