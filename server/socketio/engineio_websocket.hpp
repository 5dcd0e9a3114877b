// The websocket transport of one Engine.IO connection (realtime.md 2.5): one packet per frame,
// binary message packets as raw binary frames, one write in flight with an outgoing queue.
// Every handler runs on the connection's strand.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>

#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/stream.hpp>

#include "server/http/net_stream.hpp"
#include "server/http/socket_endpoint.hpp"
#include "server/socketio/engineio_packet.hpp"
#include "server/socketio/packet_queue.hpp"

namespace im::eio {

using Strand = boost::asio::strand<boost::asio::any_io_executor>;

class WebSocket : public std::enable_shared_from_this<WebSocket> {
 public:
  struct Listener {
    virtual ~Listener() = default;
    virtual void on_ws_packet(WebSocket& ws, Packet packet) = 0;
    virtual void on_ws_closed(WebSocket& ws) = 0;
  };

  WebSocket(host::NetStream stream, const Strand& strand, std::size_t max_payload);

  // Completes the opening handshake, then `done(true)` (or false), on the strand.
  void accept(const host::HttpRequest& request, std::function<void(bool)> done);
  // Starts the read loop; `listener` is held weakly.
  void start(std::weak_ptr<Listener> listener);
  // Strand only. Queues a packet; returns the bytes now queued.
  std::size_t write(Packet packet);
  // Strand only. Closes after the queued frames are written (graceful) or at once.
  void close(bool graceful);
  bool closed() const { return closed_; }

 private:
  void read();
  void on_read(boost::beast::error_code ec);
  void write_next();
  void finish();

  // Its socket's executor is the connection's strand (the strand itself is not stored again:
  // memory per idle connection, docs/benchmarks.md).
  boost::beast::websocket::stream<host::NetStream> ws_;
  boost::beast::flat_buffer buffer_;
  PacketQueue queue_;
  std::size_t queued_bytes_ = 0;
  bool writing_ = false;
  bool close_after_writes_ = false;
  bool closed_ = false;
  bool finished_ = false;
  std::weak_ptr<Listener> listener_;
};

}  // namespace im::eio
