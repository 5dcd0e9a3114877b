#include "server/http/http_session.hpp"

#include <array>
#include <atomic>
#include <filesystem>
#include <functional>
#include <iterator>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/file.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "im/log_format.hpp"
#include "server/http/beast_reply.hpp"
#include "server/http/client_address.hpp"
#include "server/upload/multipart.hpp"

namespace im::host {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kIdleTimeout = std::chrono::seconds(60);        // between requests and while reading
constexpr auto kDrainTimeout = std::chrono::seconds(5);        // lingering close after a 413
constexpr auto kHandshakeTimeout = std::chrono::seconds(30);   // TLS handshake
constexpr auto kCloseNotifyTimeout = std::chrono::seconds(5);  // TLS close_notify exchange
constexpr std::size_t kDrainMax = 8 * 1024 * 1024;             // bytes discarded before giving up
constexpr std::size_t kOtherBodyLimit = 1024 * 1024;  // bodies that are read but not parsed
constexpr std::size_t kHeaderLimit = 16 * 1024;

// Request smuggling (issue 11): the only transfer coding accepted is a single `chunked`. Any
// other list ("chunked, identity", "gzip, chunked", two header lines) could be framed differently
// by a proxy in front of us; such requests get 400.
bool acceptable_transfer_encoding(const http::request_header<>& req) {
  auto range = req.equal_range(http::field::transfer_encoding);
  if (range.first == range.second) return true;
  if (std::next(range.first) != range.second) return false;
  std::string_view value = range.first->value();
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  return beast::iequals(value, "chunked");
}

// A body the parser refused (bad chunk size or extension, chunk size overflow, ...), as opposed
// to a connection that ended or timed out.
bool framing_error(const beast::error_code& ec) {
  return ec.category() == http::make_error_code(http::error::bad_chunk).category() &&
         ec != http::error::partial_message && ec != http::error::end_of_stream &&
         ec != http::error::body_limit;
}

bool quiet_error(const beast::error_code& ec) {
  return ec == http::error::end_of_stream || ec == asio::error::eof ||
         ec == asio::error::operation_aborted || ec == beast::error::timeout ||
         ec == asio::error::connection_reset || ec == http::error::partial_message ||
         ec == asio::ssl::error::stream_truncated;
}

}  // namespace

HttpSession::HttpSession(NetStream&& stream, std::shared_ptr<HttpContext> context)
    : stream_(std::move(stream)), executor_(stream_.get_executor()), context_(std::move(context)) {
  beast::error_code ec;
  auto endpoint = stream_.tcp().socket().remote_endpoint(ec);
  if (!ec) peer_ = endpoint.address().to_string();
  context_->metrics().connection_opened();
}

HttpSession::~HttpSession() {
  context_->metrics().connection_closed();
}

void HttpSession::run() {
  asio::dispatch(executor_, [self = shared_from_this()] {
    if (!self->stream_.tls()) return self->read_header();
    self->stream_.tcp().expires_after(kHandshakeTimeout);
    self->stream_.async_handshake([self](beast::error_code ec) { self->on_handshake(ec); });
  });
}

void HttpSession::on_handshake(beast::error_code ec) {
  if (ec) {
    // Plain HTTP on the TLS port, a client that distrusts the certificate, a scanner: drop it.
    log::debug("TLS handshake with {} failed: {}", peer_, ec.message());
    return stream_.close();
  }
  tls_open_ = true;
  read_header();
}

void HttpSession::read_header() {
  parser_.emplace();
  parser_->header_limit(kHeaderLimit);
  // No limit while the header is read (Beast's default of 1 MiB would turn a larger declared
  // body into a parse error); on_header sets the limit of the request's kind.
  parser_->body_limit(boost::none);
  socket_.reset();
  post_claim_.reset();
  linger_ = false;
  stream_.tcp().expires_after(kIdleTimeout);
  http::async_read_header(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
}

void HttpSession::on_header(beast::error_code ec) {
  if (ec) {
    // Transport and TLS errors end the connection without a reply.
    if (quiet_error(ec) ||
        ec.category() != http::make_error_code(http::error::bad_target).category())
      return close();
    // A request the parser refuses: 400 and close (S15), as an HTTP server would; headers over
    // the limit get Node's bare 431.
    method_ = "-";
    path_ = "-";
    started_ = std::chrono::steady_clock::now();
    if (ec == http::error::header_limit) {
      HttpResponse res{http::status::request_header_fields_too_large, 11};
      res.keep_alive(false);
      res.prepare_payload();
      return write(std::move(res), true);
    }
    return write(to_beast(error_reply(Error::bad_request()), {}, 11, false), true);
  }
  started_ = std::chrono::steady_clock::now();
  const auto& req = parser_->get();
  method_ = std::string(req.method_string());
  std::string_view target = req.target();
  path_ = std::string(target.substr(0, target.find('?')));
  origin_ = std::string(req[http::field::origin]);
  if (!acceptable_transfer_encoding(req)) return reject_malformed();

  std::size_t limit = kOtherBodyLimit;
  auto endpoint = context_->socket_endpoint();
  if (endpoint && endpoint->matches(path_)) {
    parser_->get().set(kClientAddressHeader, client_address(peer_, req["x-forwarded-for"],
                                                            context_->config().trusted_proxies));
    socket_ = std::move(endpoint);
    limit = socket_->body_limit();
    kind_ = BodyKind::none;
    if (req.method() == http::verb::post) post_claim_ = socket_->claim_post(target);
  } else if (auto boundary = upload_boundary()) {
    return serve_upload(std::move(*boundary));
  } else {
    kind_ = body_kind(req[http::field::content_type]);
    if (kind_ != BodyKind::none) limit = api_body_limit;  // docs/contract/http-api.md 4
  }

  if (parser_->is_done()) return on_body({});
  // Refuse a declared oversized body before reading any of it.
  if (auto length = parser_->content_length(); length && *length > limit) return reject_too_large();
  if (beast::iequals(req[http::field::expect], "100-continue"))
    return send_continue([self = shared_from_this(), limit] { self->read_body(limit); });
  read_body(limit);
}

void HttpSession::send_continue(std::function<void()> next) {
  auto res = std::make_shared<http::response<http::empty_body>>(http::status::continue_,
                                                                parser_->get().version());
  http::async_write(
      stream_, *res,
      [self = shared_from_this(), res, next = std::move(next)](beast::error_code ec, std::size_t) {
        if (ec) return self->close();
        next();
      });
}

void HttpSession::read_body(std::size_t limit) {
  parser_->body_limit(limit);
  stream_.tcp().expires_after(kIdleTimeout);
  http::async_read(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_body(ec); });
}

void HttpSession::on_body(beast::error_code ec) {
  if (ec == http::error::body_limit) return reject_too_large();
  if (ec && framing_error(ec)) return reject_malformed();
  if (ec) return close();
  if (socket_) {
    // The session must not keep the endpoint alive while the endpoint holds its reply.
    auto endpoint = std::move(socket_);
    return serve_socket(endpoint);
  }
  serve_api();
}

void HttpSession::serve_api() {
  auto& req = parser_->get();
  const unsigned version = req.version();
  const bool keep_alive = req.keep_alive();
  const auto& cors = context_->cors();

  // A front without the API knows no other path than the socket path.
  if (!context_->has_api())
    return write(to_beast(route_not_found(method_, req.target()), {}, version, keep_alive));

  // Pipeline step 1: every OPTIONS outside the socket path is a preflight
  // (docs/contract/http-api.md 3).
  if (req.method() == http::verb::options)
    return write(preflight_response(cors.preflight_headers(origin_), version, keep_alive));

  // Step 2: body parsing; its errors come before routing and authentication.
  auto body = parse_request_body(kind_, req.body());
  if (auto* reply = std::get_if<Reply>(&body))
    return write(to_beast(std::move(*reply), cors.response_headers(origin_), version, keep_alive));

  ApiRequest request = make_api_request();
  request.body = std::move(std::get<boost::json::value>(body));
  const bool head = req.method() == http::verb::head;
  parser_.reset();  // the raw body is no longer needed

  stream_.tcp().expires_never();
  const Route* route = context_->api().route_of(request.method, request.path);
  if (context_->api().serves_inline(route)) {
    // A fast read of the embedded store: answered here, without the two thread hand-offs
    // (worker and back) that cost more than the read itself (issue 10).
    return answer(context_->api().handle(request), version, keep_alive, head);
  }
  // Steps 3-7 may block (token store, storage): run them on the worker pool (S16); routes that
  // hash passwords on their own bounded executor, so that a login storm delays nothing else.
  const bool hashing = route && route->hashes_password;
  if (hashing && !context_->try_admit_hashing()) {
    auto res =
        to_beast(error_reply({503, ""}), cors.response_headers(origin_), version, keep_alive, head);
    res.set(http::field::retry_after, "1");
    return write(std::move(res));
  }
  auto& executor = hashing ? context_->hashing() : context_->workers();
  asio::post(executor, [self = shared_from_this(), request = std::move(request), version,
                        keep_alive, head, hashing]() mutable {
    auto operations = self->context_->operations();
    Reply reply = operations && Operations::matches(request.method, request.path)
                      ? operations->handle(request.path)
                      : self->context_->api().handle(request);
    if (hashing) self->context_->release_hashing();
    asio::post(self->executor_,
               [self, reply = std::move(reply), version, keep_alive, head]() mutable {
                 self->answer(std::move(reply), version, keep_alive, head);
               });
  });
}

void HttpSession::answer(Reply reply, unsigned version, bool keep_alive, bool head) {
  if (reply.file) return write_file(std::move(reply), version, keep_alive, head);
  if (reply.stream) return write_stream(std::move(reply), version, keep_alive, head);
  write(to_beast(std::move(reply), context_->cors().response_headers(origin_), version, keep_alive,
                 head));
}

ApiRequest HttpSession::make_api_request() const {
  const auto& req = parser_->get();
  ApiRequest request;
  request.method = method_;
  request.target = std::string(req.target());
  request.path = path_;
  if (auto q = request.target.find('?'); q != std::string::npos)
    request.query = request.target.substr(q + 1);
  request.authorization = std::string(req[http::field::authorization]);
  request.userid = std::string(req["userid"]);
  request.client_address =
      client_address(peer_, req["x-forwarded-for"], context_->config().trusted_proxies);
  return request;
}

std::optional<std::string> HttpSession::upload_boundary() const {
  const auto& req = parser_->get();
  if (!context_->has_api() || req.method() != http::verb::post) return std::nullopt;
  auto boundary = upload::MultipartParser::boundary_of(req[http::field::content_type]);
  if (!boundary) return std::nullopt;
  auto match = context_->api().routes().match(method_, path_);
  if (!match || !match->route->multipart) return std::nullopt;
  return boundary;
}

// Uploads authenticate before their body is read, so that no file of an unauthorised caller is
// ever written; then the body streams to disk on the worker pool.
void HttpSession::serve_upload(std::string boundary) {
  stream_.tcp().expires_never();
  asio::post(context_->workers(), [self = shared_from_this(), request = make_api_request(),
                                   boundary = std::move(boundary)]() mutable {
    auto authorized = self->context_->api().authorize(request);
    asio::post(
        self->executor_, [self, request = std::move(request), authorized = std::move(authorized),
                          boundary = std::move(boundary)]() mutable {
          if (auto* reply = std::get_if<Reply>(&authorized)) {
            self->linger_ = true;  // the body stays unread
            auto cors = self->context_->cors().response_headers(self->origin_);
            return self->write(
                to_beast(std::move(*reply), cors, self->parser_->get().version(), false), true);
          }
          auto receive = [self, request = std::move(request),
                          authorized = std::move(std::get<Authorized>(authorized)),
                          boundary = std::move(boundary)]() mutable {
            self->receive_upload(std::move(request), std::move(authorized), std::move(boundary));
          };
          if (beast::iequals(self->parser_->get()[http::field::expect], "100-continue"))
            return self->send_continue(std::move(receive));
          receive();
        });
  });
}

void HttpSession::receive_upload(ApiRequest request, Authorized authorized, std::string boundary) {
  const auto& config = context_->config();
  request.form = std::make_shared<upload::FormReceiver>(
      std::filesystem::path(config.multer_dest) / ".staging", config.upload_max_bytes);
  // Several files may come in one form (X1); each is limited on its own by the receiver.
  const std::uint64_t body_limit = config.upload_max_bytes * 8 + 1024 * 1024;
  version_ = parser_->get().version();
  keep_alive_ = parser_->get().keep_alive();
  upload_ =
      std::make_shared<UploadStream>(stream_, buffer_, std::move(*parser_), body_limit, executor_,
                                     context_->workers(), std::move(boundary), request.form);
  parser_.reset();
  upload_->start([self = shared_from_this(), request = std::move(request),
                  authorized = std::move(authorized)](UploadStream::Outcome outcome) mutable {
    self->upload_.reset();
    self->finish_upload(std::move(request), std::move(authorized), outcome);
  });
}

void HttpSession::finish_upload(ApiRequest request, Authorized authorized,
                                UploadStream::Outcome outcome) {
  auto cors = context_->cors().response_headers(origin_);
  switch (outcome) {
    case UploadStream::Outcome::connection_error:
      return close();
    case UploadStream::Outcome::file_too_large:
      linger_ = true;
      return write(to_beast(error_reply({413, "File too large"}), cors, version_, false), true);
    case UploadStream::Outcome::malformed:
      linger_ = true;
      return write(to_beast(error_reply(Error::bad_request()), cors, version_, false), true);
    case UploadStream::Outcome::complete:
      break;
  }
  asio::post(context_->workers(), [self = shared_from_this(), request = std::move(request),
                                   authorized = std::move(authorized)]() mutable {
    Reply reply = self->context_->api().invoke(request, std::move(authorized));
    asio::post(self->executor_, [self, reply = std::move(reply)]() mutable {
      auto cors = self->context_->cors().response_headers(self->origin_);
      self->write(to_beast(std::move(reply), cors, self->version_, self->keep_alive_));
    });
  });
}

void HttpSession::serve_socket(const std::shared_ptr<SocketEndpoint>& endpoint) {
  stream_.tcp().expires_never();
  if (beast::websocket::is_upgrade(parser_->get())) {
    log_done(101);
    tls_open_ = false;
    // The endpoint owns the connection from here on.
    endpoint->handle_upgrade(std::move(stream_), parser_->release());
    return;
  }
  const bool keep_alive = parser_->get().keep_alive();
  auto once = std::make_shared<std::atomic_flag>();
  // The POST's claim ends with the hand-over: the endpoint has seen the whole request before
  // the client can send the next one (it waits for this reply).
  auto claim = std::move(post_claim_);
  // Nothing more is read from this connection until the endpoint replies (long polls).
  endpoint->handle_http(
      parser_->release(), [self = shared_from_this(), once, keep_alive](HttpResponse res) {
        if (once->test_and_set()) return;
        // The connection ends after this reply when the request asked so: the reply says it too
        // (a long poll's reply is built without its request; a client that reused the
        // connection would see it reset).
        if (!keep_alive) res.keep_alive(false);
        asio::post(self->executor_, [self, res = std::move(res), keep_alive]() mutable {
          self->write(std::move(res), !keep_alive);
        });
      });
}

void HttpSession::reject_too_large() {
  unsigned version = parser_ ? parser_->get().version() : 11;
  linger_ = true;
  if (socket_) {
    // docs/contract/realtime.md 2.6: a bare 413, and the Engine.IO connection of that POST is
    // closed.
    socket_->payload_too_large(parser_ ? std::string_view(parser_->get().target()) : "");
    HttpResponse res{http::status::payload_too_large, version};
    res.keep_alive(false);
    res.prepare_payload();
    return write(std::move(res), true);
  }
  write(to_beast(entity_too_large(), context_->cors().response_headers(origin_), version, false),
        true);
}

void HttpSession::reject_malformed() {
  const unsigned version = parser_ ? parser_->get().version() : 11;
  socket_.reset();
  post_claim_.reset();
  // What is left of the body cannot be delimited: nothing more is read from this connection.
  write(to_beast(error_reply(Error::bad_request()), context_->cors().response_headers(origin_),
                 version, false),
        true);
}

void HttpSession::write(HttpResponse res, bool close_after) {
  const bool eof = close_after || res.need_eof();
  log_done(res.result_int());
  response_ = std::make_shared<HttpResponse>(std::move(res));
  stream_.tcp().expires_after(kIdleTimeout);
  http::async_write(stream_, *response_,
                    [self = shared_from_this(), eof](beast::error_code ec, std::size_t) {
                      self->response_.reset();
                      self->on_written(ec, eof);
                    });
}

void HttpSession::on_written(beast::error_code ec, bool eof) {
  if (ec) return close();
  if (linger_) return drain_and_close();
  if (eof) return close();
  read_header();
}

void HttpSession::write_file(Reply reply, unsigned version, bool keep_alive, bool head) {
  auto file = std::move(reply.file);
  // Status, CORS, Content-Type and the extra headers as for any reply; the body is the file.
  auto header = to_beast(std::move(reply), context_->cors().response_headers(origin_), version,
                         keep_alive, true);
  header.content_length(file->size());
  if (head) return write(std::move(header));
  beast::error_code ec;
  beast::file disk;
  disk.native_handle(file->release());
  http::file_body::value_type body;
  body.reset(std::move(disk), ec);
  if (ec) {
    log::warn("{} {}: {}", method_, path_, ec.message());
    return write(to_beast(error_reply(Error::internal()),
                          context_->cors().response_headers(origin_), version, false),
                 true);
  }
  auto res = std::make_shared<http::response<http::file_body>>(header.result(), version);
  for (const auto& field : header) res->insert(field.name(), field.name_string(), field.value());
  res->body() = std::move(body);
  res->content_length(file->size());
  res->keep_alive(keep_alive);
  const bool eof = res->need_eof();
  log_done(res->result_int());
  file_response_ = res;
  stream_.tcp().expires_after(kIdleTimeout);
  http::async_write(stream_, *res,
                    [self = shared_from_this(), res, eof](beast::error_code ec, std::size_t) {
                      self->file_response_.reset();
                      self->on_written(ec, eof);
                    });
}

void HttpSession::write_stream(Reply reply, unsigned version, bool keep_alive, bool head) {
  auto source = std::move(reply.stream);
  auto header = to_beast(std::move(reply), context_->cors().response_headers(origin_), version,
                         keep_alive, true);
  auto res = std::make_shared<http::response<http::empty_body>>(header.result(), version);
  for (const auto& field : header) {
    if (field.name() != http::field::content_length)
      res->insert(field.name(), field.name_string(), field.value());
  }
  // HTTP/1.0 has no chunked coding: the end of the body is the end of the connection.
  const bool chunked = version >= 11;
  res->keep_alive(keep_alive && chunked);
  if (chunked) res->chunked(true);
  const bool eof = res->need_eof();
  log_done(res->result_int());
  auto serializer = std::make_shared<http::response_serializer<http::empty_body>>(*res);
  stream_.tcp().expires_after(kIdleTimeout);
  http::async_write_header(stream_, *serializer,
                           [self = shared_from_this(), res, serializer, source, chunked, head, eof](
                               beast::error_code ec, std::size_t) mutable {
                             if (ec) return self->close();
                             if (head) return self->on_written(ec, eof);
                             self->produce_piece(std::move(source), chunked, eof);
                           });
}

void HttpSession::produce_piece(std::shared_ptr<ChunkSource> source, bool chunked, bool eof) {
  asio::post(context_->workers(),
             [self = shared_from_this(), source = std::move(source), chunked, eof]() mutable {
               auto piece = source->next();
               asio::post(self->executor_, [self, source = std::move(source),
                                            piece = std::move(piece), chunked, eof]() mutable {
                 self->write_piece(std::move(source), std::move(piece), chunked, eof);
               });
             });
}

void HttpSession::write_piece(std::shared_ptr<ChunkSource> source, std::optional<std::string> piece,
                              bool chunked, bool eof) {
  if (!piece) {
    log::warn("{} {}: the streamed reply broke off", method_, path_);
    return close();  // no last chunk: the client sees the body is incomplete
  }
  const bool last = piece->empty();
  if (last && !chunked) return on_written({}, true);
  auto data = std::make_shared<std::string>(std::move(*piece));
  auto done = [self = shared_from_this(), source = std::move(source), data, chunked, last, eof](
                  beast::error_code ec, std::size_t) mutable {
    if (ec) return self->close();
    if (last) return self->on_written(ec, eof);
    self->produce_piece(std::move(source), chunked, eof);
  };
  stream_.tcp().expires_after(kIdleTimeout);
  if (last) return asio::async_write(stream_, http::make_chunk_last(), std::move(done));
  if (chunked)
    return asio::async_write(stream_, http::make_chunk(asio::buffer(*data)), std::move(done));
  asio::async_write(stream_, asio::buffer(*data), std::move(done));
}

void HttpSession::log_done(unsigned status) const {
  auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_)
                .count();
  // The path only: query strings may carry secrets (J16, S17).
  log::info("{} {} {} {:.1f}ms", method_, path_, status, ms);
  context_->metrics().request(method_, route_label(), status);
}

std::string HttpSession::route_label() const {
  if (Operations::matches(method_, path_)) return path_;
  if (auto endpoint = context_->socket_endpoint(); endpoint && endpoint->matches(path_))
    return context_->config().socket_path;
  if (!context_->has_api()) return "other";
  if (path_.starts_with("/uploads/")) return "/uploads/*";
  auto match = context_->api().routes().match(method_, path_);
  return match ? match->route->pattern : "other";  // bounded label set
}

void HttpSession::drain_and_close() {
  // Half-close, then read what the client still sends so that it sees the 413 instead of a
  // connection reset; bounded in bytes and time. Over TLS the records are discarded undecrypted
  // (the session is over: no close_notify follows the FIN).
  beast::error_code ec;
  stream_.tcp().socket().shutdown(tcp::socket::shutdown_send, ec);
  tls_open_ = false;
  stream_.tcp().expires_after(kDrainTimeout);
  drain(std::make_shared<std::array<char, 16384>>(), 0);
}

void HttpSession::drain(std::shared_ptr<std::array<char, 16384>> scratch, std::size_t drained) {
  auto& buffer = *scratch;
  stream_.tcp().async_read_some(
      asio::buffer(buffer),
      [self = shared_from_this(), scratch, drained](beast::error_code ec, std::size_t n) mutable {
        if (ec || drained + n > kDrainMax) return self->close();
        self->drain(std::move(scratch), drained + n);
      });
}

void HttpSession::close() {
  if (!tls_open_) return stream_.close();
  tls_open_ = false;
  stream_.graceful_close(kCloseNotifyTimeout, [self = shared_from_this()] {});
}

}  // namespace im::host
