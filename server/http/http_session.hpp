// One HTTP/1.1 connection: reads one request at a time (keep-alive), answers CORS preflights,
// enforces the body limits without buffering past them (docs/contract/http-api.md 4, S14), runs the
// API on the worker pool and writes the reply on the connection's strand. Requests on the socket
// path go to the SocketEndpoint; while its reply is pending nothing else is read. Over TLS the
// handshake comes first and the connection ends with a close_notify.
#pragma once

#include <array>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "server/http/http_context.hpp"
#include "server/http/net_stream.hpp"
#include "server/http/request_body.hpp"
#include "server/http/upload_stream.hpp"

namespace im::host {

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(NetStream&& stream, std::shared_ptr<HttpContext> context);
  ~HttpSession();
  void run();

 private:
  using Parser = boost::beast::http::request_parser<boost::beast::http::string_body>;

  void on_handshake(boost::beast::error_code ec);
  void read_header();
  void on_header(boost::beast::error_code ec);
  void read_body(std::size_t limit);
  void on_body(boost::beast::error_code ec);
  void send_continue(std::function<void()> next);

  void serve_api();
  // The request as the API pipeline sees it (headers, target, client address).
  ApiRequest make_api_request() const;
  // multipart/form-data for a route that takes it: the boundary, otherwise nullopt.
  std::optional<std::string> upload_boundary() const;
  void serve_upload(std::string boundary);
  void receive_upload(ApiRequest request, Authorized authorized, std::string boundary);
  void finish_upload(ApiRequest request, Authorized authorized, UploadStream::Outcome outcome);
  void serve_socket(const std::shared_ptr<SocketEndpoint>& endpoint);

  // Writes `res`; then reads the next request, or closes when `close` or the response says so.
  void write(HttpResponse res, bool close = false);
  // A reply whose body is a file (Reply::file), streamed from disk.
  void write_file(Reply reply, unsigned version, bool keep_alive, bool head);
  // A reply whose body comes from a ChunkSource (Reply::stream): header, then one piece at a
  // time, each produced on the worker pool after the previous one is written.
  void write_stream(Reply reply, unsigned version, bool keep_alive, bool head);
  void produce_piece(std::shared_ptr<ChunkSource> source, bool chunked, bool eof);
  void write_piece(std::shared_ptr<ChunkSource> source, std::optional<std::string> piece,
                   bool chunked, bool eof);
  // The reply of the API pipeline, on the session's strand.
  void answer(Reply reply, unsigned version, bool keep_alive, bool head);
  void on_written(boost::beast::error_code ec, bool eof);
  // 413 without reading the rest of the body, then a lingering close (S14).
  void reject_too_large();
  // 400 and close: a request whose framing cannot be trusted (bad chunk, transfer coding).
  void reject_malformed();
  // Logs the request and counts it for GET /metrics.
  void log_done(unsigned status) const;
  // The route pattern a request is counted under (never the raw path).
  std::string route_label() const;
  void drain_and_close();
  void drain(std::shared_ptr<std::array<char, 16384>> scratch, std::size_t drained);
  // Ends the connection (TLS: close_notify first, bounded in time).
  void close();

  NetStream stream_;
  boost::asio::any_io_executor executor_;  // the connection's (serial) executor
  std::shared_ptr<HttpContext> context_;
  boost::beast::flat_buffer buffer_;
  std::optional<Parser> parser_;
  std::shared_ptr<HttpResponse> response_;  // alive until its write completes
  std::shared_ptr<void> file_response_;     // the same for a streamed file
  std::string peer_;
  std::string method_;
  std::string path_;
  std::string origin_;
  std::chrono::steady_clock::time_point started_;
  BodyKind kind_ = BodyKind::none;
  std::shared_ptr<SocketEndpoint> socket_;  // set when the request is on the socket path
  std::shared_ptr<void> post_claim_;        // a polling POST's claim until it is handed over
  std::shared_ptr<UploadStream> upload_;    // set while a multipart body is being received
  bool linger_ = false;                     // drain the unread body after the reply (413)
  unsigned version_ = 11;                   // of an upload request, once its parser is gone
  bool keep_alive_ = true;
  bool tls_open_ = false;  // TLS handshake done and no close_notify sent yet
};

}  // namespace im::host
