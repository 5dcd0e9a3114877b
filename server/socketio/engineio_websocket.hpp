// The websocket transport of one Engine.IO connection (docs/contract/realtime.md 2.5): one packet
// per frame, binary message packets as raw binary frames. RFC 6455 is spoken here directly (framing
// in websocket_frame.*) rather than through Beast's websocket stream, so that everything queued for
// a connection goes out in one write (a Socket.IO event and its attachment are two frames: one
// system call, not two), and reads take a small inline buffer's worth, then whatever else is
// waiting into a per-thread buffer. Every handler runs on the connection's strand.
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

#include <boost/asio/buffer.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "server/http/net_stream.hpp"
#include "server/http/socket_endpoint.hpp"
#include "server/socketio/engineio_packet.hpp"
#include "server/socketio/packet_queue.hpp"
#include "server/socketio/websocket_frame.hpp"

namespace im::eio {

// A connection's serial executor: its handlers never run concurrently. im_server runs each
// io_context on exactly one thread (server/io_threads.hpp), so the context's own executor is
// serial already; a strand on top would only add a queue, a lock and an allocation per handler
// (issue 10). A host that runs a context on several threads hands out strands instead.
using Strand = boost::asio::any_io_executor;

// Whether the caller runs on `strand` (an io_context executor or a strand on one).
bool running_in(const Strand& strand);

class EngineIoWebSocket : public std::enable_shared_from_this<EngineIoWebSocket> {
 public:
  // The Engine.IO connection that hears this websocket's packets and its end.
  struct Handler {
    virtual ~Handler() = default;
    virtual void on_ws_packet(EngineIoWebSocket& ws, Packet packet) = 0;
    virtual void on_ws_closed(EngineIoWebSocket& ws) = 0;
  };

  // `close_grace`: how long a close may wait for the peer (WS_CLOSE_GRACE); see close().
  EngineIoWebSocket(host::NetStream stream, const Strand& strand, std::size_t max_payload,
                    std::chrono::milliseconds close_grace);

  // Completes the opening handshake (RFC 6455 4.2), then `done(true)` (or false), on the strand.
  void accept(const host::HttpRequest& request, std::function<void(bool)> done);
  // Starts the read loop; `handler` is held weakly.
  void start(std::weak_ptr<Handler> handler);
  // Strand only. Queues a packet; returns the bytes now queued.
  std::size_t write(Packet packet);
  // Strand only. Closes after the queued frames are written (graceful) or at once. Either way
  // the connection is gone within the close grace, even when the peer reads nothing.
  void close(bool graceful);
  bool closed() const { return closed_; }
  // The TCP connection is closed (the handler has heard on_ws_closed).
  bool finished() const { return finished_; }

 private:
  struct Frame {
    ws::Opcode opcode = ws::Opcode::binary;
    Packet packet;
  };

  void read();
  void on_read(boost::system::error_code ec, const char* data, std::size_t size);
  bool read_waiting();  // plain TCP: what else the socket holds; false when it failed
  void handle_events();
  void on_message(ws::FrameReader::Event& event);
  void queue_frame(ws::Opcode opcode, Packet packet);
  void write_queued();
  void on_written(boost::system::error_code ec);
  // Sends a close frame with `code` after what is queued (nothing more is accepted), then ends
  // the TCP (and TLS) connection.
  void start_close(std::uint16_t code);
  void arm_close_deadline();
  void teardown();
  void finish();

  host::NetStream stream_;
  ws::FrameReader reader_;
  std::chrono::milliseconds close_grace_;
  // Plain TCP reads land here first: most packets (an ack, a message with its attachment) fit.
  std::array<char, 256> inline_buffer_;
  std::unique_ptr<char[]> tls_buffer_;  // TLS only: records are read into it
  Fifo<Frame> queue_;
  std::size_t queued_bytes_ = 0;
  // The frames of the write in flight: their headers and the buffers handed to the socket.
  std::vector<ws::FrameHeader> headers_;
  std::vector<boost::asio::const_buffer> buffers_;
  std::size_t frames_in_flight_ = 0;
  bool reading_ = false;                                    // a read (or readiness wait) is pending
  std::unique_ptr<boost::asio::steady_timer> close_timer_;  // only while closing
  bool writing_ = false;
  bool close_after_writes_ = false;
  bool close_queued_ = false;  // the close frame is queued: the end of the stream
  bool closed_ = false;        // nothing more is delivered or accepted
  bool draining_ = false;      // after our close frame: reading until the peer ends
  bool finished_ = false;
  std::weak_ptr<Handler> handler_;
};

}  // namespace im::eio
