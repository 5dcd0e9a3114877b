#include "server/socketio/engineio_connection.hpp"

#include <algorithm>

#include <boost/asio/post.hpp>

#include "im/log_format.hpp"
#include "server/socketio/engineio_server.hpp"

namespace im::eio {

namespace asio = boost::asio;

EngineIoConnection::EngineIoConnection(std::string sid, Strand strand,
                                       std::shared_ptr<const EngineIoOptions> options,
                                       boost::beast::http::fields headers,
                                       std::weak_ptr<EngineIoServer> server)
    : sid_(std::move(sid)),
      strand_(std::move(strand)),
      options_(std::move(options)),
      headers_(std::move(headers)),
      server_(std::move(server)),
      ping_timer_(strand_),
      upgrade_timer_(strand_) {}

void EngineIoConnection::send(std::vector<Packet> packets) {
  // The Socket.IO layer calls this from the strand already: no second trip through the queue.
  if (running_in(strand_)) return enqueue(std::move(packets));
  asio::post(strand_, [self = shared_from_this(), packets = std::move(packets)]() mutable {
    self->enqueue(std::move(packets));
  });
}

void EngineIoConnection::close() {
  asio::post(strand_, [self = shared_from_this()] { self->shutdown("server close"); });
}

void EngineIoConnection::stop() {
  asio::post(strand_, [self = shared_from_this()] { self->shutdown("server stop"); });
}

void EngineIoConnection::abort(std::string reason) {
  asio::post(strand_,
             [self = shared_from_this(), reason = std::move(reason)] { self->shutdown(reason); });
}

std::shared_ptr<void> EngineIoConnection::claim_post() {
  if (posts_in_flight_.fetch_add(1) > 0) posts_overlapped_ = true;
  // The claim keeps only the counter's owner alive, and only until its request is handed over.
  return std::shared_ptr<void>(
      nullptr, [self = shared_from_this()](void*) { self->posts_in_flight_.fetch_sub(1); });
}

void EngineIoConnection::start_polling() {
  transport_ = Transport::polling;
  schedule_ping();
}

void EngineIoConnection::start_websocket(std::shared_ptr<EngineIoWebSocket> ws) {
  transport_ = Transport::websocket;
  on_websocket_ = true;
  ws_ = std::move(ws);
  ws_->start(weak_from_this());
  ws_->write(Packet::text(PacketType::open, open_packet(sid_, false, *options_).substr(1)));
  schedule_ping();
}

void EngineIoConnection::enqueue(std::vector<Packet> packets) {
  if (closed_) return;
  if (transport_ == Transport::websocket && ws_) {
    std::size_t queued = 0;
    for (auto& p : packets) queued = ws_->write(std::move(p));
    if (queued > options_->max_queued_bytes) shutdown("outgoing queue overflow");  // S16
    return;
  }
  for (auto& p : packets) {
    queued_bytes_ += p.view().size() + 1;
    queue_.push_back(std::move(p));
  }
  if (queued_bytes_ > options_->max_queued_bytes) {
    shutdown("outgoing queue overflow");  // S16
    return;
  }
  flush_polling();
}

// Engine.IO packets from either transport (2.3).
void EngineIoConnection::incoming(Packet packet) {
  switch (packet.type) {
    case PacketType::pong:
      if (awaiting_pong_) {
        awaiting_pong_ = false;
        schedule_ping();
      }
      break;
    case PacketType::message:
      if (handler_) handler_->on_message(std::move(packet));
      break;
    case PacketType::close:
      shutdown("client close");
      break;
    default:
      break;  // ping, upgrade and noop mean nothing here; open is server-only
  }
}

void EngineIoConnection::schedule_ping() {
  ping_timer_.expires_after(options_->ping_interval);
  ping_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (!ec) self->on_ping_timer();
  });
}

// 2.6: ping every pingInterval; no pong within pingTimeout closes the connection.
void EngineIoConnection::on_ping_timer() {
  if (closed_) return;
  if (awaiting_pong_) {
    shutdown("ping timeout");
    return;
  }
  awaiting_pong_ = true;
  enqueue({Packet::text(PacketType::ping)});
  ping_timer_.expires_after(options_->ping_timeout);
  ping_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (!ec) self->on_ping_timer();
  });
}

void EngineIoConnection::on_ws_packet(EngineIoWebSocket& ws, Packet packet) {
  if (closed_) return;
  if (&ws == probe_.get()) {
    // 2.5 steps 2-4: 2probe -> 3probe (and release the pending GET with a noop), then 5.
    if (packet.type == PacketType::ping && packet.data == "probe") {
      probe_->write(Packet::text(PacketType::pong, "probe"));
      // The noop goes to the pending GET, or to the next one if none is pending right now.
      queue_.push_back(Packet::text(PacketType::noop));
      flush_polling();
    } else if (packet.type == PacketType::upgrade) {
      finish_upgrade();
    } else {
      probe_->close(false);
    }
    return;
  }
  if (&ws == ws_.get()) incoming(std::move(packet));
}

void EngineIoConnection::on_ws_closed(EngineIoWebSocket& ws) {
  if (&ws == probe_.get()) {
    probe_.reset();
    upgrading_ = false;
    upgrade_timer_.cancel();
    flush_polling();
    return;
  }
  if (&ws != ws_.get()) return;
  if (closed_) {
    forget();  // our close is complete
  } else {
    shutdown("transport close");
  }
}

bool EngineIoConnection::reserve_upgrade() {
  if (closed_ || transport_ != Transport::polling || upgrading_) return false;
  upgrading_ = true;
  return true;
}

void EngineIoConnection::abort_upgrade() {
  upgrading_ = false;
}

void EngineIoConnection::begin_upgrade(std::shared_ptr<EngineIoWebSocket> ws) {
  if (closed_) {
    ws->close(false);
    return;
  }
  probe_ = std::move(ws);
  probe_->start(weak_from_this());
  // 2.5 step 6: no `5` within the upgrade timeout -> drop the websocket, keep polling.
  upgrade_timer_.expires_after(options_->upgrade_timeout);
  upgrade_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (!ec && self->probe_) self->probe_->close(false);
  });
}

void EngineIoConnection::finish_upgrade() {
  upgrade_timer_.cancel();
  transport_ = Transport::websocket;
  on_websocket_ = true;
  ws_ = std::move(probe_);
  upgrading_ = false;
  if (pending_get_) {
    auto reply = std::move(pending_get_);
    pending_get_ = nullptr;
    reply(text_response("6", 11, true));
  }
  // What was queued for polling goes over the websocket, in order.
  std::size_t queued = 0;
  while (!queue_.empty()) {
    // A noop meant for a polling GET that never came has nothing to say on the websocket.
    if (queue_.front().type != PacketType::noop) queued = ws_->write(std::move(queue_.front()));
    queue_.pop_front();
  }
  queued_bytes_ = 0;
  if (queued > options_->max_queued_bytes) shutdown("outgoing queue overflow");
}

void EngineIoConnection::shutdown(std::string_view reason) {
  if (closed_) return;
  closed_ = true;
  log::debug("engine.io {} closed: {}", sid_, reason);
  ping_timer_.cancel();
  upgrade_timer_.cancel();
  const bool polling = transport_ == Transport::polling;
  const bool server_close = reason == "server close" && polling;
  if (reason == "server stop" && polling) {
    // The close follows what is queued, on the pending GET or the next one (which forgets the
    // connection once it has carried the close, flush_polling).
    queue_.push_back(Packet::text(PacketType::close));
    // A live polling client asks again within moments; one that left (e.g. it closed while an
    // upgrade was under way) must not hold the stop for a whole ping timeout.
    keep_last_packets(std::min(options_->ping_timeout, options_->close_grace));
    flush_polling();
  } else if (server_close && (!pending_get_ || !queue_.empty())) {
    // What is queued (e.g. a Socket.IO `41`) goes to the next GET, the close `1` to a later
    // one, as the reference server sends them: socket.io-client must see the `41` alone to
    // report one "io server disconnect".
    keep_last_packets(options_->ping_timeout);
    if (pending_get_) flush_polling();
  } else if (pending_get_) {
    // Then close; when the client itself sent the close, its pending GET is simply released
    // with a noop, as the reference server does.
    queue_.push_back(Packet::text(reason == "client close" ? PacketType::noop : PacketType::close));
    std::vector<Packet> all(std::make_move_iterator(queue_.begin()),
                            std::make_move_iterator(queue_.end()));
    queue_.clear();
    auto reply = std::move(pending_get_);
    pending_get_ = nullptr;
    reply(text_response(encode_payload(all), 11, true));
  }
  if (ws_) {
    // Over a websocket the close packet goes out after what is queued, then the close frame.
    if (reason == "server close" || reason == "server stop")
      ws_->write(Packet::text(PacketType::close));
    ws_->close(true);
  }
  if (probe_) probe_->close(false);
  // A websocket still closing keeps its sid in the EngineIoServer's table until it is gone
  // (on_ws_closed): a shutdown waits for that.
  if (!last_packets_kept_ && !(ws_ && !ws_->finished())) forget();
  if (handler_) {
    auto handler = std::move(handler_);
    handler_.reset();
    handler->on_close(reason);
  }
}

void EngineIoConnection::keep_last_packets(std::chrono::milliseconds at_most) {
  last_packets_kept_ = true;
  // A client that never polls again is forgotten like one that stopped answering pings.
  ping_timer_.expires_after(at_most);
  ping_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (!ec && self->last_packets_kept_) self->forget();
  });
}

void EngineIoConnection::forget() {
  last_packets_kept_ = false;
  queue_.clear();
  queued_bytes_ = 0;
  ping_timer_.cancel();
  if (auto server = server_.lock()) server->remove(sid_);
}

}  // namespace im::eio
