// The seam between the HTTP listener and the Engine.IO/Socket.IO transport: requests whose path
// is the socket path (with or without its trailing slash, J25) never reach API routing, CORS or
// authentication of docs/contract/http-api.md; the listener hands them here instead
// (docs/contract/realtime.md 2.1).
#pragma once

#include <functional>
#include <memory>
#include <string_view>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "server/http/net_stream.hpp"

namespace im::host {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

// Set by the listener on every request it hands to the socket endpoint (any value the client
// sent is replaced): the client's address as the HTTP side computes it (client_address.hpp),
// shown by the admin API's session list.
inline constexpr std::string_view kClientAddressHeader = "x-im-client-address";

class SocketEndpoint {
 public:
  virtual ~SocketEndpoint() = default;

  // True for the socket path, e.g. "/socket/v1/IM/" and "/socket/v1/IM" (path only, no query).
  virtual bool matches(std::string_view path) const = 0;

  // Largest request body accepted on the socket path (maxPayload); the listener answers 413 and
  // closes past it, without buffering the whole body.
  virtual std::size_t body_limit() const = 0;

  // Polling GET/POST and OPTIONS preflights. `reply` may be called later (a long-poll GET is
  // held open); the listener reads no further request on that connection until it is called.
  // `reply` must be called exactly once, on any thread.
  virtual void handle_http(HttpRequest request, std::function<void(HttpResponse)> reply) = 0;

  // A polling POST's header arrived: a claim on its connection, held until the endpoint has
  // the whole request (or the POST is dropped). A second POST of one connection while a claim
  // is held is refused with 400 and ends that connection (docs/contract/realtime.md 2.4). May be
  // empty.
  virtual std::shared_ptr<void> claim_post(std::string_view target) = 0;

  // A polling POST on `target` declared or sent more than body_limit(): the listener answers
  // 413 without reading it; the endpoint closes that Engine.IO connection
  // (docs/contract/realtime.md 2.6).
  virtual void payload_too_large(std::string_view target) = 0;

  // WebSocket upgrade requests: the endpoint takes over the connection (TLS already set up
  // when the port serves TLS).
  virtual void handle_upgrade(NetStream stream, HttpRequest request) = 0;
};

}  // namespace im::host
