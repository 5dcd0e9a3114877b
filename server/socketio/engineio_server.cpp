#include "server/socketio/engineio_server.hpp"

#include <algorithm>
#include <chrono>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/http/write.hpp>

#include "im/auth/random.hpp"
#include "im/log.hpp"
#include "server/http/query_string.hpp"

namespace im::eio {

namespace http = boost::beast::http;
namespace asio = boost::asio;

namespace {

struct Query {
  std::string eio, transport, sid;
  bool has_sid = false;
};

Query parse_query(std::string_view target) {
  Query q;
  auto pos = target.find('?');
  if (pos == std::string_view::npos) return q;
  // The values are compared as written (a sid is URL-safe), not percent-decoded.
  auto take = [&q](std::string_view key, std::optional<std::string_view> value) {
    if (key == "EIO") q.eio = value.value_or("");
    if (key == "transport") q.transport = value.value_or("");
    if (key == "sid") {
      q.sid = value.value_or("");
      q.has_sid = true;
    }
    return true;
  };
  host::for_each_query_pair(target.substr(pos + 1), take);
  return q;
}

const char* error_body(int code) {
  switch (code) {
    case 0:
      return R"({"code":0,"message":"Transport unknown"})";
    case 1:
      return R"({"code":1,"message":"Session ID unknown"})";
    case 2:
      return R"({"code":2,"message":"Bad handshake method"})";
    case 5:
      return R"({"code":5,"message":"Unsupported protocol version"})";
    default:
      return R"({"code":3,"message":"Bad request"})";
  }
}

// 2.7: echo an allowed Origin (or `*`); always vary on it.
void apply_cors(host::HttpResponse& res, const std::string& origin,
                const EngineIoOptions& options) {
  if (options.any_origin) {
    res.set(http::field::access_control_allow_origin, "*");
  } else if (!origin.empty() &&
             std::find(options.allowed_origins.begin(), options.allowed_origins.end(), origin) !=
                 options.allowed_origins.end()) {
    res.set(http::field::access_control_allow_origin, origin);
  }
  if (res.find(http::field::vary) == res.end()) res.set(http::field::vary, "Origin");
}

}  // namespace

host::HttpResponse error_response(int code, unsigned version, bool keep_alive) {
  host::HttpResponse res{http::status::bad_request, version};
  res.set(http::field::content_type, "application/json");
  res.body() = error_body(code);
  res.keep_alive(keep_alive);
  res.prepare_payload();
  return res;
}

host::HttpResponse unavailable_response(unsigned version, std::string_view message) {
  host::HttpResponse res{http::status::service_unavailable, version};
  res.set(http::field::content_type, "application/json");
  res.body() = R"({"message":")" + std::string(message) + R"("})";
  res.keep_alive(false);
  res.prepare_payload();
  return res;
}

host::HttpResponse stopping_response(unsigned version) {
  return unavailable_response(version, "Server stopping");
}

host::HttpResponse text_response(std::string body, unsigned version, bool keep_alive) {
  host::HttpResponse res{http::status::ok, version};
  res.set(http::field::content_type, "text/plain; charset=UTF-8");
  res.set(http::field::cache_control, "no-store");
  res.body() = std::move(body);
  res.keep_alive(keep_alive);
  res.prepare_payload();
  return res;
}

std::string open_packet(const std::string& sid, bool can_upgrade, const EngineIoOptions& o) {
  return "0{\"sid\":\"" + sid + "\",\"upgrades\":" + (can_upgrade ? "[\"websocket\"]" : "[]") +
         ",\"pingInterval\":" + std::to_string(o.ping_interval.count()) +
         ",\"pingTimeout\":" + std::to_string(o.ping_timeout.count()) +
         ",\"maxPayload\":" + std::to_string(o.max_payload) + "}";
}

namespace {

EngineIoOptions with_trailing_slash(EngineIoOptions options) {
  if (options.path.empty() || options.path.back() != '/') options.path += '/';
  return options;
}

}  // namespace

EngineIoServer::EngineIoServer(IoPicker pick_io, EngineIoOptions options, OpenHandler on_open)
    : pick_io_(std::move(pick_io)),
      options_(std::make_shared<const EngineIoOptions>(with_trailing_slash(std::move(options)))),
      on_open_(std::move(on_open)) {}

bool EngineIoServer::matches(std::string_view path) const {
  std::string_view p = options_->path;
  return path == p || (p.size() > 1 && path == p.substr(0, p.size() - 1));  // J25
}

std::shared_ptr<EngineIoConnection> EngineIoServer::find(const std::string& sid) const {
  std::lock_guard lock(mutex_);
  auto it = connections_.find(sid);
  return it == connections_.end() ? nullptr : it->second;
}

std::shared_ptr<EngineIoConnection> EngineIoServer::create(const http::fields& headers,
                                                           const asio::any_io_executor& io) {
  // Only what the layers above read later is kept (the credentials of docs/contract/realtime.md 3.2
  // and the origin, and the listener's client address for the admin API's session list): a
  // browser's whole header set would cost about a kilobyte per idle connection.
  http::fields kept;
  for (std::string_view name : {std::string_view("userid"), std::string_view("authorization"),
                                std::string_view("origin"), host::kClientAddressHeader})
    if (auto it = headers.find(name); it != headers.end()) kept.insert(name, it->value());
  auto conn = std::make_shared<EngineIoConnection>(auth::random_id(20), io, options_,
                                                   std::move(kept), weak_from_this());
  std::lock_guard lock(mutex_);
  if (stopping_ || full_locked()) return nullptr;
  connections_[conn->sid()] = conn;
  return conn;
}

bool EngineIoServer::full_locked() const {
  return options_->max_sessions != 0 && connections_.size() >= options_->max_sessions;
}

// Why a handshake was refused (create() returned null).
host::HttpResponse EngineIoServer::refusal(unsigned version) const {
  std::lock_guard lock(mutex_);
  return stopping_ ? stopping_response(version)
                   : unavailable_response(version, "Too many sessions");
}

void EngineIoServer::remove(const std::string& sid) {
  std::lock_guard lock(mutex_);
  connections_.erase(sid);
  if (connections_.empty()) emptied_.notify_all();
}

std::size_t EngineIoServer::size() const {
  std::lock_guard lock(mutex_);
  return connections_.size();
}

std::shared_ptr<void> EngineIoServer::claim_post(std::string_view target) {
  const Query q = parse_query(target);
  if (!q.has_sid) return nullptr;
  auto conn = find(std::string(q.sid));
  return conn ? conn->claim_post() : nullptr;
}

void EngineIoServer::payload_too_large(std::string_view target) {
  const Query q = parse_query(target);
  if (!q.has_sid) return;
  if (auto conn = find(std::string(q.sid))) conn->abort("payload too large");
}

void EngineIoServer::close_all() {
  std::vector<std::shared_ptr<EngineIoConnection>> all;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (auto& [sid, c] : connections_) all.push_back(c);
  }
  for (auto& c : all) c->stop();
}

bool EngineIoServer::wait_closed(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  return emptied_.wait_until(lock, deadline, [&] { return connections_.empty(); });
}

void EngineIoServer::handle_http(host::HttpRequest req,
                                 std::function<void(host::HttpResponse)> reply) {
  const unsigned version = req.version();
  const bool keep_alive = req.keep_alive();
  std::string origin(req[http::field::origin]);
  // Every answer on the socket path carries the CORS headers of 2.7.
  auto answer = [reply = std::move(reply), origin, this](host::HttpResponse res) {
    apply_cors(res, origin, *options_);
    reply(std::move(res));
  };

  if (req.method() == http::verb::options) {  // preflight
    host::HttpResponse res{http::status::no_content, version};
    res.set(http::field::vary, "Origin, Access-Control-Request-Headers");
    res.set(http::field::access_control_allow_methods, "GET,HEAD,PUT,PATCH,POST,DELETE");
    auto requested = req[http::field::access_control_request_headers];
    if (!requested.empty()) res.set(http::field::access_control_allow_headers, requested);
    res.content_length(0);
    res.keep_alive(keep_alive);
    answer(std::move(res));
    return;
  }

  Query q = parse_query(req.target());
  if (q.transport != "polling" && q.transport != "websocket") {
    answer(error_response(0, version, keep_alive));
    return;
  }
  if (!q.has_sid) {
    if (req.method() != http::verb::get) {
      answer(error_response(2, version, keep_alive));
      return;
    }
    if (q.eio != "4") {
      answer(error_response(5, version, keep_alive));
      return;
    }
    if (q.transport != "polling") {  // a websocket handshake without the upgrade headers
      answer(error_response(3, version, keep_alive));
      return;
    }
    auto conn = create(req.base(), pick_io_());
    if (!conn) {
      answer(refusal(version));
      return;
    }
    // The server is held by the handlers it posts: an embedder may drop it while they wait.
    asio::post(conn->strand(), [self = shared_from_this(), conn, version, keep_alive,
                                answer = std::move(answer)] {
      answer(text_response(open_packet(conn->sid(), true, *self->options_), version, keep_alive));
      conn->start_polling();
      if (self->on_open_) self->on_open_(conn);
    });
    return;
  }
  auto conn = find(q.sid);
  if (!conn) {
    answer(error_response(1, version, keep_alive));
    return;
  }
  if (q.transport != "polling") {
    answer(error_response(3, version, keep_alive));
    return;
  }
  asio::post(conn->strand(), [conn, req = std::move(req), answer = std::move(answer)]() mutable {
    if (req.method() == http::verb::get) {
      conn->polling_get(req, std::move(answer));
    } else if (req.method() == http::verb::post) {
      conn->polling_post(req, std::move(answer));
    } else {
      answer(error_response(3, req.version(), req.keep_alive()));
    }
  });
}

namespace {

// Refusals of an upgrade request are written on the raw stream, before any websocket handshake.
void refuse_upgrade(host::NetStream stream, host::HttpResponse response,
                    const host::HttpRequest& req, const EngineIoOptions& options) {
  auto res = std::make_shared<host::HttpResponse>(std::move(response));
  apply_cors(*res, std::string(req[http::field::origin]), options);
  auto s = std::make_shared<host::NetStream>(std::move(stream));
  s->tcp().expires_after(std::chrono::seconds(30));
  http::async_write(*s, *res, [s, res](boost::beast::error_code ec, std::size_t) {
    if (ec) return s->close();
    // TLS: close_notify (bounded); then the socket is closed.
    s->graceful_close(std::chrono::seconds(5), [s] {});
  });
}

void refuse_upgrade(host::NetStream stream, int code, const host::HttpRequest& req,
                    const EngineIoOptions& options) {
  refuse_upgrade(std::move(stream), error_response(code, req.version(), false), req, options);
}

}  // namespace

void EngineIoServer::handle_upgrade(host::NetStream stream, host::HttpRequest req) {
  Query q = parse_query(req.target());
  if (q.transport != "websocket") {
    return refuse_upgrade(std::move(stream), q.transport == "polling" ? 3 : 0, req, *options_);
  }
  auto shared_req = std::make_shared<host::HttpRequest>(std::move(req));
  if (!q.has_sid) {
    if (q.eio != "4") return refuse_upgrade(std::move(stream), 5, *shared_req, *options_);
    // The connection's strand runs on the thread that owns its socket: no hand-offs per frame.
    auto conn = create(shared_req->base(), stream.get_executor());
    if (!conn)
      return refuse_upgrade(std::move(stream), refusal(shared_req->version()), *shared_req,
                            *options_);
    auto ws = std::make_shared<EngineIoWebSocket>(std::move(stream), conn->strand(),
                                                  options_->max_payload, options_->close_grace);
    asio::post(conn->strand(), [self = shared_from_this(), conn, ws, shared_req] {
      ws->accept(*shared_req, [self, conn, ws](bool ok) {
        if (!ok) {
          self->remove(conn->sid());
          return;
        }
        conn->start_websocket(ws);
        if (self->on_open_) self->on_open_(conn);
      });
    });
    return;
  }
  auto conn = find(q.sid);
  if (!conn) return refuse_upgrade(std::move(stream), 1, *shared_req, *options_);
  auto raw = std::make_shared<host::NetStream>(std::move(stream));
  asio::post(conn->strand(), [self = shared_from_this(), conn, raw, shared_req] {
    // 2.5 step 1: unknown state, not on polling, or another upgrade in progress -> 400.
    if (!conn->reserve_upgrade()) {
      if (self->options_->refuse_bad_upgrade_with_400)
        return refuse_upgrade(std::move(*raw), 3, *shared_req, *self->options_);
      // Reference behaviour: the websocket opens and is closed at once.
      auto ws = std::make_shared<EngineIoWebSocket>(std::move(*raw), conn->strand(),
                                                    self->options_->max_payload,
                                                    self->options_->close_grace);
      ws->accept(*shared_req, [ws](bool ok) {
        if (ok) ws->close(true);
      });
      return;
    }
    auto ws = std::make_shared<EngineIoWebSocket>(
        std::move(*raw), conn->strand(), self->options_->max_payload, self->options_->close_grace);
    ws->accept(*shared_req, [conn, ws](bool ok) {
      if (ok) {
        conn->begin_upgrade(ws);
      } else {
        conn->abort_upgrade();
      }
    });
  });
}

}  // namespace im::eio
