// embed_server: the full host (HTTP API + Socket.IO + embedded storage) started from code with a
// configuration built in C++ (no .env files, no command line), one HTTP request to itself with
// a Beast client, then a clean stop.
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "im/log.hpp"
#include "server/im_server.hpp"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

int main() {
  try {
    auto data = std::filesystem::temp_directory_path() / "im-embed-server-example";
    im::host::HostConfig config;
    config.production = false;
    config.bind_address = "127.0.0.1";
    config.port = 0;  // any free port
    config.sqlite_path = ":memory:";
    config.client_origins = {"http://localhost:1212"};
    config.io_threads = 1;
    config.worker_threads = 2;
    config.log_file.clear();
    config.multer_dest = (data / "upload").string();
    config.uploads_static_dir = (data / "uploads").string();
    config.engine.secret_key = "embed-server-example-secret";
    config.engine.require_friendship = false;
    im::log::set_level(im::log::Level::warn);

    im::host::ImServer server(config);
    server.start();
    std::printf("host listening on 127.0.0.1:%u\n", static_cast<unsigned>(server.port()));

    // One request from a plain Beast client.
    asio::io_context io;
    beast::tcp_stream stream(io);
    stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()));
    http::request<http::empty_body> req{http::verb::get, "/api/v1", 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::origin, "http://localhost:1212");
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    std::printf("GET /api/v1 -> %u %s\n", res.result_int(), res.body().c_str());
    std::printf("access-control-allow-origin: %s\n",
                std::string(res[http::field::access_control_allow_origin]).c_str());
    beast::error_code ec;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);

    server.stop();
    std::filesystem::remove_all(data, ec);
    std::printf("stopped\n");
    return res.result_int() == 200 ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "embed_server: %s\n", e.what());
    return 1;
  }
}
