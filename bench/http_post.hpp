// One JSON POST on a keep-alive HTTP/1.1 connection, shared by registration, group creation and
// the login storm.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace im::bench {

using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// Writes the request and reads the reply (30 s timeout each); throws on I/O errors.
boost::asio::awaitable<HttpResponse> post_json(boost::beast::tcp_stream& stream,
                                               boost::beast::flat_buffer& buffer,
                                               std::string target, std::string body,
                                               const HttpHeaders& headers = {});

}  // namespace im::bench
