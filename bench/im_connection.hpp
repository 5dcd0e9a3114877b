// One benchmark client: a direct websocket to the Engine.IO path with the credentials in the
// upgrade request's headers (docs/contract/realtime.md 2.5, 3.2), Socket.IO CONNECT, pong replies,
// `on-message` sends with ack ids and automatic AckMessage{200} replies to every push. Everything
// runs on the io_context that owns it (one thread), so no locking.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>

#include "bench/registration.hpp"
#include "server/socketio/socketio_packet.hpp"

namespace im::bench {

struct Target {
  boost::asio::ip::tcp::endpoint endpoint;
  std::string host;  // Host header
  std::string path = "/socket/v1/IM/?EIO=4&transport=websocket";
};

class ImConnection : public std::enable_shared_from_this<ImConnection> {
 public:
  // Callbacks from the connection, on its io_context's thread.
  class Handler {
   public:
    virtual void on_connected(ImConnection& c) = 0;
    // The server's ack of an `on-message` we sent; ok = binary AckMessage with status 200.
    virtual void on_ack(ImConnection& c, std::uint64_t ack_id, bool ok) = 0;
    // An `on-message` push (MessageDown bytes); the connection acks it after this returns.
    virtual void on_push(ImConnection& c, std::string_view message_down) = 0;
    // The server's `exception` event (a payload it could not decode).
    virtual void on_exception(ImConnection& c) = 0;
    // Handshake failure, CONNECT_ERROR, or the connection dropped (not after close()).
    virtual void on_failed(ImConnection& c, std::string_view why) = 0;

   protected:
    ~Handler() = default;
  };

  ImConnection(boost::asio::io_context& io, const Target& target,
               const boost::asio::ip::address_v4& source, const User& user, Handler& handler,
               std::size_t index);

  void start();
  // Emits `on-message` with the next ack id (starting at 0) and returns that id.
  std::uint64_t send_message(std::string message_up);
  void close();

  std::size_t index() const { return index_; }
  const User& user() const { return user_; }
  bool connected() const { return connected_; }

 private:
  struct Frame {
    bool binary = false;
    std::string owned;
    std::shared_ptr<const std::string> shared;
    std::string_view view() const { return shared ? std::string_view(*shared) : owned; }
  };

  void on_connect(boost::beast::error_code ec);
  void on_handshake(boost::beast::error_code ec);
  void read();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void on_text(std::string_view text);
  void on_binary(std::string bytes);
  void on_packet(sio::Packet packet);
  void enqueue(Frame frame);
  void write();
  void on_write(boost::beast::error_code ec, std::size_t bytes);
  void fail(std::string_view why);

  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::beast::flat_buffer buffer_;
  const Target& target_;
  boost::asio::ip::address_v4 source_;
  const User& user_;
  Handler& handler_;
  std::size_t index_;
  sio::Decoder decoder_;
  std::deque<Frame> queue_;
  std::uint64_t next_ack_id_ = 0;
  bool writing_ = false;
  bool connected_ = false;
  bool closing_ = false;
  bool failed_ = false;
};

}  // namespace im::bench
