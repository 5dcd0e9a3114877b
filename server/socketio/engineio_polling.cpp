// The long-polling half of EngineIoConnection (docs/contract/realtime.md 2.4): its GET and POST
// requests and the flush of its queue into a held GET. One class in two files on purpose: the
// polling state (the queue, the held GET, the POST claims) must stay the connection's own, because
// what is queued while polling moves to the websocket at the upgrade (engineio_connection.cpp), and
// the requests of 2.4 read best on their own, next to the state machine rather than inside it.
#include <boost/beast/http/status.hpp>

#include "server/socketio/engineio_connection.hpp"
#include "server/socketio/engineio_server.hpp"

namespace im::eio {

namespace http = boost::beast::http;

namespace {

// 2.4: a POST's answer.
host::HttpResponse post_ok(const host::HttpRequest& req) {
  host::HttpResponse res{http::status::ok, req.version()};
  res.set(http::field::content_type, "text/html");
  res.set(http::field::cache_control, "no-store");
  res.body() = "ok";
  res.keep_alive(req.keep_alive());
  res.prepare_payload();
  return res;
}

}  // namespace

void EngineIoConnection::polling_get(const host::HttpRequest& req, Reply reply) {
  if (last_packets_kept_) {
    if (!queue_.empty()) {
      pending_get_ = std::move(reply);
      return flush_polling();
    }
    forget();
    reply(text_response(encode_payload(std::vector<Packet>{Packet::text(PacketType::close)}),
                        req.version(), req.keep_alive()));
    return;
  }
  if (closed_) {
    // Closed and about to be forgotten: the GET found the sid a moment before the close ran
    // (e.g. right after a 413 on another I/O thread); answered as it would be a moment later.
    reply(error_response(1, req.version(), req.keep_alive()));
    return;
  }
  if (transport_ != Transport::polling) {
    reply(error_response(3, req.version(), req.keep_alive()));  // 2.5 step 5
    return;
  }
  if (pending_get_) {
    // A second concurrent GET is a protocol error: 400 and close.
    reply(error_response(3, req.version(), req.keep_alive()));
    shutdown("overlapping polling GET");
    return;
  }
  pending_get_ = std::move(reply);
  flush_polling();
}

void EngineIoConnection::polling_post(const host::HttpRequest& req, Reply reply) {
  const bool overlapping = post_active_ || posts_overlapped_.exchange(false);
  if (last_packets_kept_ && !overlapping) {
    // Closed by the server, its close not collected yet: what the client still sends is
    // dropped but answered, so that the client ends on the close its next GET gets ("transport
    // close"), not on a failed POST ("transport error"). A client that closes too will collect
    // nothing more: forgotten now, not at the ping timeout (a stop waits for it).
    if (auto packets = decode_payload(req.body())) {
      for (const auto& p : *packets)
        if (p.type == PacketType::close) forget();
    }
    reply(post_ok(req));
    return;
  }
  if (closed_ || transport_ != Transport::polling || overlapping) {
    reply(error_response(3, req.version(), req.keep_alive()));
    if (overlapping) shutdown("overlapping polling POST");
    return;
  }
  if (req.body().size() > options_->max_payload) {
    host::HttpResponse res{http::status::payload_too_large, req.version()};
    res.keep_alive(false);
    res.prepare_payload();
    reply(std::move(res));
    shutdown("payload too large");
    return;
  }
  auto packets = decode_payload(req.body());
  if (!packets) {
    reply(error_response(3, req.version(), req.keep_alive()));
    shutdown("parse error");
    return;
  }
  post_active_ = true;
  for (auto& p : *packets) {
    if (closed_) break;
    incoming(std::move(p));
  }
  post_active_ = false;
  reply(post_ok(req));
}

void EngineIoConnection::flush_polling() {
  if (!pending_get_ || queue_.empty() || transport_ != Transport::polling) return;
  std::vector<Packet> batch;
  std::size_t size = 0;
  // Stay within maxPayload per response, but always send at least one packet.
  while (!queue_.empty()) {
    std::size_t n = queue_.front().view().size() + 1;
    if (!batch.empty() && size + n > options_->max_payload) break;
    size += n;
    batch.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  queued_bytes_ = queued_bytes_ > size ? queued_bytes_ - size : 0;
  const bool carries_close = batch.back().type == PacketType::close;
  auto reply = std::move(pending_get_);
  pending_get_ = nullptr;
  reply(text_response(encode_payload(batch), 11, true));
  if (carries_close) forget();  // the client has its close: nothing more to collect
}

}  // namespace im::eio
