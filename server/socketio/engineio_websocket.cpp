#include "server/socketio/engineio_websocket.hpp"

#include <algorithm>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>

#include "im/base64.hpp"

namespace im::eio {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

bool running_in(const Strand& strand) {
  if (auto* io = strand.target<asio::io_context::executor_type>())
    return io->running_in_this_thread();
  if (auto* s = strand.target<asio::strand<asio::io_context::executor_type>>())
    return s->running_in_this_thread();
  return false;
}

namespace {

constexpr std::size_t kReadChunk = 64 * 1024;    // per I/O thread, shared by its connections
constexpr std::size_t kTlsReadSize = 16 * 1024;  // one TLS record
constexpr std::size_t kMaxFramesPerWrite = 32;   // 64 buffers: one writev
constexpr std::chrono::seconds kHandshakeTimeout{30};

// A view of the buffers of the write in flight that Asio can copy for free (a std::vector
// would be copied into every write operation).
struct BufferSpan {
  using value_type = asio::const_buffer;
  using const_iterator = const asio::const_buffer*;
  const_iterator first;
  const_iterator last;
  const_iterator begin() const { return first; }
  const_iterator end() const { return last; }
};

// Re-homes the accepted socket (and its TLS session) on the connection's strand, so that every
// completion handler runs there without binding.
host::NetStream on_strand(host::NetStream stream, const Strand& strand) {
  host::NetStream moved = std::move(stream).rebind(strand);
  // Small frames (an ack header and its attachment) must not wait for delayed ACKs.
  boost::system::error_code ec;
  if (moved.tcp().socket().is_open()) moved.tcp().socket().set_option(tcp::no_delay(true), ec);
  return moved;
}

// RFC 6455 4.2.2: the reply to an opening handshake, or the refusal of a bad one (as Beast's
// accept answered them before).
std::string handshake_reply(const host::HttpRequest& request, bool& accepted) {
  accepted = false;
  if (request[http::field::sec_websocket_version] != "13") {
    return "HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\n"
           "Content-Length: 0\r\nConnection: close\r\n\r\n";
  }
  const auto key = request[http::field::sec_websocket_key];
  const auto nonce = base64_decode(key);
  if (!nonce || nonce->size() != 16) {
    return "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  }
  accepted = true;
  return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
         "Sec-WebSocket-Accept: " +
         ws::accept_key(key) + "\r\nVary: Origin\r\n\r\n";
}

}  // namespace

EngineIoWebSocket::EngineIoWebSocket(host::NetStream stream, const Strand& strand,
                                     std::size_t max_payload, std::chrono::milliseconds close_grace)
    : stream_(on_strand(std::move(stream), strand)),
      reader_(max_payload),
      close_grace_(close_grace) {}

void EngineIoWebSocket::accept(const host::HttpRequest& request, std::function<void(bool)> done) {
  bool accepted = false;
  auto reply = std::make_shared<std::string>(handshake_reply(request, accepted));
  stream_.tcp().expires_after(kHandshakeTimeout);
  asio::async_write(stream_, asio::buffer(*reply),
                    [self = shared_from_this(), reply, accepted, done = std::move(done)](
                        boost::system::error_code ec, std::size_t) {
                      self->stream_.tcp().expires_never();
                      if (ec || !accepted) {
                        self->finish();
                        done(false);
                        return;
                      }
                      done(true);
                    });
}

void EngineIoWebSocket::start(std::weak_ptr<Handler> handler) {
  handler_ = std::move(handler);
  if (!stream_.tls()) {
    boost::system::error_code ec;
    stream_.tcp().socket().non_blocking(true, ec);  // read_waiting() must never block
  }
  read();
}

void EngineIoWebSocket::read() {
  if (finished_ || reading_) return;
  reading_ = true;
  if (stream_.tls()) {
    if (!tls_buffer_) tls_buffer_ = std::make_unique<char[]>(kTlsReadSize);
    stream_.async_read_some(
        asio::buffer(tls_buffer_.get(), kTlsReadSize),
        [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
          self->on_read(ec, self->tls_buffer_.get(), n);
        });
    return;
  }
  // Asio reads speculatively first, so bytes that arrived meanwhile are never missed.
  stream_.tcp().socket().async_read_some(
      asio::buffer(inline_buffer_),
      [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
        self->on_read(ec, self->inline_buffer_.data(), n);
      });
}

void EngineIoWebSocket::on_read(boost::system::error_code ec, const char* data, std::size_t size) {
  reading_ = false;
  if (ec) {
    // TLS: the read cancelled for the close_notify exchange, which ends the connection itself.
    if (ec != asio::error::operation_aborted || !closed_ || !stream_.tls()) finish();
    return;
  }
  if (!closed_) reader_.feed(std::string_view(data, size));  // after our close: dropped
  if (!stream_.tls() && size == inline_buffer_.size() && !read_waiting()) return finish();
  handle_events();
  if (!closed_ || draining_) read();
}

bool EngineIoWebSocket::read_waiting() {
  thread_local const std::unique_ptr<char[]> chunk(new char[kReadChunk]);
  for (;;) {
    boost::system::error_code ec;
    const std::size_t n =
        stream_.tcp().socket().read_some(asio::buffer(chunk.get(), kReadChunk), ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) return true;
    if (ec) return false;  // end of stream or a reset
    if (!closed_) reader_.feed(std::string_view(chunk.get(), n));
    if (n < kReadChunk) return true;
  }
}

void EngineIoWebSocket::handle_events() {
  while (!closed_) {
    auto event = reader_.next();
    if (!event) break;
    using Kind = ws::FrameReader::Event::Kind;
    switch (event->kind) {
      case Kind::message:
        on_message(*event);
        break;
      case Kind::ping:  // 5.5.2: answered with the same payload
        queue_frame(ws::Opcode::pong, Packet::text(PacketType::message, std::move(event->payload)));
        break;
      case Kind::pong:
        break;
      case Kind::close:  // 5.5.1: answered, then the connection ends
        start_close(ws::close_normal);
        break;
      case Kind::error:  // e.g. 1009 past maxPayload (docs/contract/realtime.md 2.6)
        start_close(event->close_code);
        break;
    }
  }
}

void EngineIoWebSocket::on_message(ws::FrameReader::Event& event) {
  Packet packet;
  if (event.binary) {
    packet = Packet{PacketType::message, true, std::move(event.payload), {}};
  } else if (auto p = parse_text(event.payload)) {
    packet = std::move(*p);
  } else {
    close(false);  // not an Engine.IO packet: protocol error
    return;
  }
  if (auto l = handler_.lock()) l->on_ws_packet(*this, std::move(packet));
}

std::size_t EngineIoWebSocket::write(Packet packet) {
  if (closed_ || close_after_writes_) return queued_bytes_;
  const auto opcode = packet.binary ? ws::Opcode::binary : ws::Opcode::text;
  // A text frame carries the type digit; frame it now so the queue holds wire bytes.
  if (!packet.binary) packet = Packet{PacketType::message, false, encode_text(packet), {}};
  queue_frame(opcode, std::move(packet));
  return queued_bytes_;
}

void EngineIoWebSocket::queue_frame(ws::Opcode opcode, Packet packet) {
  if (finished_) return;
  queued_bytes_ += packet.view().size();
  queue_.push_back(Frame{opcode, std::move(packet)});
  if (!writing_) write_queued();
}

// Everything queued (up to one writev's worth) goes out in one write.
void EngineIoWebSocket::write_queued() {
  if (queue_.empty()) {
    writing_ = false;
    if (headers_.capacity() > kMaxFramesPerWrite / 4) {  // after a burst
      std::vector<ws::FrameHeader>().swap(headers_);
      std::vector<asio::const_buffer>().swap(buffers_);
    }
    if (close_after_writes_) {
      close_after_writes_ = false;
      start_close(ws::close_normal);
    }
    return;
  }
  writing_ = true;
  const std::size_t n = std::min(queue_.size(), kMaxFramesPerWrite);
  headers_.clear();
  buffers_.clear();
  headers_.reserve(n);
  buffers_.reserve(2 * n);
  for (std::size_t i = 0; i < n; ++i)
    headers_.push_back(ws::frame_header(queue_[i].opcode, queue_[i].packet.view().size()));
  for (std::size_t i = 0; i < n; ++i) {
    buffers_.emplace_back(headers_[i].bytes.data(), headers_[i].size);
    const std::string_view payload = queue_[i].packet.view();
    if (!payload.empty()) buffers_.emplace_back(payload.data(), payload.size());
  }
  frames_in_flight_ = n;
  const BufferSpan span{buffers_.data(), buffers_.data() + buffers_.size()};
  auto done = [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
    self->on_written(ec);
  };
  if (stream_.tls()) {
    asio::async_write(stream_, span, std::move(done));
  } else {
    asio::async_write(stream_.tcp().socket(), span, std::move(done));
  }
}

void EngineIoWebSocket::on_written(boost::system::error_code ec) {
  for (std::size_t i = 0; i < frames_in_flight_ && !queue_.empty(); ++i) {
    queued_bytes_ -= std::min(queued_bytes_, queue_.front().packet.view().size());
    queue_.pop_front();
  }
  frames_in_flight_ = 0;
  if (ec) return finish();
  if (close_queued_ && queue_.empty()) {
    writing_ = false;
    return teardown();
  }
  write_queued();
}

void EngineIoWebSocket::close(bool graceful) {
  if (closed_ || finished_) return;
  if (graceful && (writing_ || !queue_.empty())) {
    close_after_writes_ = true;
    arm_close_deadline();
    return;
  }
  if (writing_) return finish();  // a close frame cannot overlap the write in flight
  queue_.clear();
  queued_bytes_ = 0;
  start_close(ws::close_normal);
}

void EngineIoWebSocket::start_close(std::uint16_t code) {
  if (close_queued_ || finished_) return;
  closed_ = true;
  close_queued_ = true;
  close_after_writes_ = false;
  arm_close_deadline();
  queue_frame(ws::Opcode::close, Packet::text(PacketType::message, ws::close_payload(code)));
}

// A peer that reads nothing (or never answers our close) must not hold the connection and its
// kernel buffers: whatever is left is closed hard after the close grace.
void EngineIoWebSocket::arm_close_deadline() {
  if (close_timer_) return;
  close_timer_ = std::make_unique<asio::steady_timer>(stream_.get_executor(), close_grace_);
  close_timer_->async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (ec) return;
    // An abortive close (RST): the kernel drops what the peer never read at once instead of
    // holding it, and the connection, for minutes.
    boost::system::error_code ignored;
    self->stream_.tcp().socket().set_option(tcp::socket::linger(true, 0), ignored);
    self->finish();
  });
}

// After our close frame: the peer gets the end of the stream; what it still sends is read and
// dropped until it closes too (closing with unread input would reset the connection and could
// cost the peer our last frames).
void EngineIoWebSocket::teardown() {
  if (stream_.tls()) {
    boost::system::error_code ignored;
    stream_.tcp().socket().cancel(ignored);  // the pending record read; close_notify follows
    stream_.graceful_close(close_grace_, [self = shared_from_this()] { self->finish(); });
    return;
  }
  boost::system::error_code ec;
  stream_.tcp().socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec) return finish();
  draining_ = true;
  read();
}

void EngineIoWebSocket::finish() {
  if (finished_) return;
  finished_ = true;
  closed_ = true;
  if (close_timer_) close_timer_->cancel();
  boost::system::error_code ignored;
  stream_.tcp().socket().close(ignored);
  if (auto l = handler_.lock()) {
    handler_.reset();
    l->on_ws_closed(*this);
  }
}

}  // namespace im::eio
