#include "bench/http_post.hpp"

#include <chrono>

#include <fmt/core.h>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace im::bench {

namespace asio = boost::asio;
namespace http = boost::beast::http;

asio::awaitable<HttpResponse> post_json(boost::beast::tcp_stream& stream,
                                        boost::beast::flat_buffer& buffer, std::string target,
                                        std::string body, const HttpHeaders& headers) {
  const auto peer = stream.socket().remote_endpoint();
  http::request<http::string_body> req{http::verb::post, target, 11};
  req.set(http::field::host, fmt::format("{}:{}", peer.address().to_string(), peer.port()));
  req.set(http::field::content_type, "application/json");
  for (const auto& [name, value] : headers) req.set(name, value);
  req.keep_alive(true);
  req.body() = std::move(body);
  req.prepare_payload();
  stream.expires_after(std::chrono::seconds(30));
  co_await http::async_write(stream, req, asio::use_awaitable);
  HttpResponse res;
  co_await http::async_read(stream, buffer, res, asio::use_awaitable);
  stream.expires_never();
  co_return res;
}

}  // namespace im::bench
