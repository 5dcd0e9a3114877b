#include "bench/im_connection.hpp"

#include <netinet/in.h>

#include <chrono>
#include <utility>

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket/stream_base.hpp>
#include <boost/json/value.hpp>

#include "im/codec.hpp"
#include "server/socketio/engineio_packet.hpp"

namespace im::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

// A binary packet's text form split around its ack id, computed once with the Socket.IO codec:
// the hot path only glues the decimal id in between.
struct AckIdTemplate {
  std::string head;  // "4" + "<type><n>-"
  std::string tail;  // the JSON payload

  AckIdTemplate(sio::PacketType type, boost::json::value data) {
    sio::Packet p;
    p.type = type;
    p.id = 0;
    p.data = std::move(data);
    p.attachments = 1;
    std::string text = sio::encode(p);
    auto dash = text.find('-');
    head.assign(1, '4');  // the Engine.IO message type
    head.append(text, 0, dash + 1);
    tail = text.substr(dash + 2);  // skip the "0" id
  }
  std::string with(std::uint64_t id) const {
    std::string out;
    out.reserve(head.size() + 20 + tail.size());
    out += head;
    out += std::to_string(id);
    out += tail;
    return out;
  }
};

const AckIdTemplate& message_event() {
  static const AckIdTemplate t(sio::PacketType::binary_event,
                               boost::json::array{"on-message", sio::placeholder(0)});
  return t;
}

const AckIdTemplate& push_ack() {
  static const AckIdTemplate t(sio::PacketType::binary_ack,
                               boost::json::array{sio::placeholder(0)});
  return t;
}

const std::shared_ptr<const std::string>& ack_ok_bytes() {
  static const auto bytes =
      std::make_shared<const std::string>(codec::encode(codec::ack_success()));
  return bytes;
}

std::string eio_text(eio::PacketType type, std::string data = {}) {
  return eio::encode_text(eio::Packet::text(type, std::move(data)));
}

}  // namespace

ImConnection::ImConnection(asio::io_context& io, const Target& target,
                           const asio::ip::address_v4& source, const User& user, Handler& handler,
                           std::size_t index)
    : ws_(io), target_(target), source_(source), user_(user), handler_(handler), index_(index) {}

void ImConnection::start() {
  auto& socket = beast::get_lowest_layer(ws_).socket();
  beast::error_code ec;
  socket.open(asio::ip::tcp::v4(), ec);
  if (!ec) {
#ifdef IP_BIND_ADDRESS_NO_PORT
    // Choose the ephemeral port at connect time, per (source, destination): lets many source
    // addresses share the port range.
    socket.set_option(
        asio::detail::socket_option::boolean<IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT>(true), ec);
#endif
    socket.bind(asio::ip::tcp::endpoint(source_, 0), ec);
  }
  if (ec) return fail("bind: " + ec.message());
  beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(15));
  beast::get_lowest_layer(ws_).async_connect(
      target_.endpoint, [self = shared_from_this()](beast::error_code e) { self->on_connect(e); });
}

void ImConnection::on_connect(beast::error_code ec) {
  if (ec) return fail("connect: " + ec.message());
  beast::get_lowest_layer(ws_).socket().set_option(asio::ip::tcp::no_delay(true), ec);
  beast::get_lowest_layer(ws_).expires_never();
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = std::chrono::seconds(15);
  timeouts.idle_timeout = websocket::stream_base::none();
  timeouts.keep_alive_pings = false;
  ws_.set_option(timeouts);
  ws_.set_option(websocket::stream_base::decorator([this](websocket::request_type& req) {
    req.set("userid", std::to_string(user_.id));
    req.set("authorization", user_.token);
  }));
  ws_.secure_prng(false);  // masks need no cryptographic randomness on loopback
  ws_.auto_fragment(false);
  ws_.async_handshake(target_.host, target_.path,
                      [self = shared_from_this()](beast::error_code e) { self->on_handshake(e); });
}

void ImConnection::on_handshake(beast::error_code ec) {
  if (ec) return fail("websocket handshake: " + ec.message());
  read();
}

void ImConnection::read() {
  ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code e, std::size_t n) {
    self->on_read(e, n);
  });
}

void ImConnection::on_read(beast::error_code ec, std::size_t) {
  if (ec) return fail("read: " + ec.message());
  if (ws_.got_text()) {
    auto data = buffer_.cdata();
    on_text(std::string_view(static_cast<const char*>(data.data()), data.size()));
  } else {
    on_binary(beast::buffers_to_string(buffer_.cdata()));
  }
  buffer_.consume(buffer_.size());
  if (!failed_ && !closing_) read();
}

void ImConnection::on_text(std::string_view text) {
  auto packet = eio::parse_text(text);
  if (!packet) return fail("bad engine.io packet");
  switch (packet->type) {
    case eio::PacketType::open: {
      sio::Packet connect;
      connect.type = sio::PacketType::connect;
      enqueue({false, eio_text(eio::PacketType::message, sio::encode(connect)), nullptr});
      return;
    }
    case eio::PacketType::ping:
      enqueue({false, eio_text(eio::PacketType::pong), nullptr});
      return;
    case eio::PacketType::close:
      return fail("server sent close");
    case eio::PacketType::message:
      switch (decoder_.feed_text(packet->data)) {
        case sio::Decoder::Status::packet:
          return on_packet(decoder_.take());
        case sio::Decoder::Status::error:
          return fail("bad socket.io packet");
        case sio::Decoder::Status::need_more:
          return;
      }
      return;
    default:
      return;
  }
}

void ImConnection::on_binary(std::string bytes) {
  switch (decoder_.feed_binary(std::move(bytes))) {
    case sio::Decoder::Status::packet:
      return on_packet(decoder_.take());
    case sio::Decoder::Status::error:
      return fail("unexpected binary frame");
    case sio::Decoder::Status::need_more:
      return;
  }
}

void ImConnection::on_packet(sio::Packet packet) {
  switch (packet.type) {
    case sio::PacketType::connect:
      connected_ = true;
      handler_.on_connected(*this);
      return;
    case sio::PacketType::connect_error:
      return fail("CONNECT_ERROR");
    case sio::PacketType::disconnect:
      return fail("server DISCONNECT");
    case sio::PacketType::ack:
    case sio::PacketType::binary_ack: {
      if (!packet.id) return;
      auto args = sio::ack_args(packet);
      bool ok = false;
      if (!args.empty() && args[0].binary) {
        auto ack = codec::decode_ack(args[0].bytes);
        ok = ack && ack->status_code == 200;
      }
      handler_.on_ack(*this, *packet.id, ok);
      return;
    }
    case sio::PacketType::event:
    case sio::PacketType::binary_event: {
      auto name = sio::event_name(packet);
      if (name == "exception") return handler_.on_exception(*this);
      if (name != "on-message") return;
      auto args = sio::event_args(packet);
      if (!args.empty() && args[0].binary) handler_.on_push(*this, args[0].bytes);
      if (packet.id) {
        enqueue({false, push_ack().with(*packet.id), nullptr});
        enqueue({true, {}, ack_ok_bytes()});
      }
      return;
    }
  }
}

std::uint64_t ImConnection::send_message(std::string message_up) {
  const std::uint64_t id = next_ack_id_++;
  enqueue({false, message_event().with(id), nullptr});
  enqueue({true, std::move(message_up), nullptr});
  return id;
}

void ImConnection::enqueue(Frame frame) {
  if (failed_ || closing_) return;
  queue_.push_back(std::move(frame));
  write();
}

void ImConnection::write() {
  if (writing_ || queue_.empty()) return;
  writing_ = true;
  const Frame& f = queue_.front();
  ws_.binary(f.binary);
  auto v = f.view();
  ws_.async_write(
      asio::buffer(v.data(), v.size()),
      [self = shared_from_this()](beast::error_code e, std::size_t n) { self->on_write(e, n); });
}

void ImConnection::on_write(beast::error_code ec, std::size_t) {
  writing_ = false;
  if (ec) return fail("write: " + ec.message());
  queue_.pop_front();
  write();
}

void ImConnection::close() {
  if (closing_ || failed_) return;
  closing_ = true;
  connected_ = false;
  if (!ws_.is_open()) {
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().close(ec);
    return;
  }
  ws_.async_close(websocket::close_code::normal, [self = shared_from_this()](beast::error_code) {
    beast::error_code ignored;
    beast::get_lowest_layer(self->ws_).socket().close(ignored);
  });
}

void ImConnection::fail(std::string_view why) {
  if (failed_ || closing_) return;
  failed_ = true;
  connected_ = false;
  beast::error_code ignored;
  beast::get_lowest_layer(ws_).socket().close(ignored);
  handler_.on_failed(*this, why);
}

}  // namespace im::bench
