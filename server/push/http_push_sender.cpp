#include "server/push/http_push_sender.hpp"

#include <openssl/ssl.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <stdexcept>
#include <string>

#include "im/log_format.hpp"

namespace im::host {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

using Request = http::request<http::string_body>;

Request make_request(const WebhookUrl& url, const PushRequest& push) {
  Request req{http::verb::post, url.target, 11};
  const bool default_port = url.port == (url.https ? 443 : 80);
  req.set(http::field::host, default_port ? url.host : url.host + ":" + std::to_string(url.port));
  req.set(http::field::user_agent, "im_server push webhook");
  req.set(http::field::content_type, "application/json");
  req.set("Idempotency-Key", push.key);
  if (!push.signature.empty()) req.set("X-IM-Signature", push.signature);
  req.body() = push.body;
  req.prepare_payload();
  return req;
}

// Writes `req` on `stream` and reads the answer's status (the body is read and dropped, at most
// 64 KB); the tcp_stream's deadline covers every step.
template <class Stream>
asio::awaitable<int> exchange(Stream& stream, Request& req) {
  co_await http::async_write(stream, req, asio::use_awaitable);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024);
  co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
  co_return static_cast<int>(parser.get().result_int());
}

asio::awaitable<int> post_http(const WebhookUrl& url, Request& req,
                               std::chrono::milliseconds timeout) {
  auto executor = co_await asio::this_coro::executor;
  asio::ip::tcp::resolver resolver(executor);
  const auto endpoints =
      co_await resolver.async_resolve(url.host, std::to_string(url.port), asio::use_awaitable);
  if (!url.https) {
    beast::tcp_stream stream(executor);
    stream.expires_after(timeout);
    co_await stream.async_connect(endpoints, asio::use_awaitable);
    const int status = co_await exchange(stream, req);
    beast::error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    co_return status;
  }
  asio::ssl::context tls(asio::ssl::context::tls_client);
  tls.set_default_verify_paths();
  tls.set_verify_mode(asio::ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(executor, tls);
  if (!SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str()))
    throw std::runtime_error("cannot set the TLS server name");
  stream.set_verify_callback(asio::ssl::host_name_verification(url.host));
  beast::get_lowest_layer(stream).expires_after(timeout);
  co_await beast::get_lowest_layer(stream).async_connect(endpoints, asio::use_awaitable);
  co_await stream.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
  co_return co_await exchange(stream, req);  // no TLS close_notify wait: the answer is in
}

}  // namespace

HttpPushSender::HttpPushSender(WebhookUrl url, std::chrono::milliseconds timeout)
    : url_(std::move(url)), timeout_(timeout) {}

void HttpPushSender::cancel() {
  std::lock_guard lock(mutex_);
  cancelled_ = true;
  if (current_) current_->stop();
}

int HttpPushSender::post(const PushRequest& push) {
  asio::io_context io;
  {
    std::lock_guard lock(mutex_);
    if (cancelled_) return 0;
    current_ = &io;
  }
  Request req = make_request(url_, push);
  int status = 0;
  asio::co_spawn(io, post_http(url_, req, timeout_), [&](std::exception_ptr error, int answer) {
    if (!error) {
      status = answer;
      return;
    }
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      // Never the body or a header: the key names the event.
      log::debug("push webhook: posting {} failed: {}", push.key, e.what());
    }
  });
  // The name lookup has no deadline of its own: the whole post gets one more timeout at most.
  io.run_for(timeout_ * 2);
  std::lock_guard lock(mutex_);
  current_ = nullptr;
  return status;
}

}  // namespace im::host
