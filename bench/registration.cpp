#include "bench/registration.hpp"

#include <chrono>
#include <random>
#include <stdexcept>

#include <fmt/core.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "bench/http_post.hpp"

namespace im::bench {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

struct Shared {
  asio::ip::tcp::endpoint server;
  int count = 0;
  int next = 0;
  std::uint64_t account_base = 0;
  std::vector<User>* users = nullptr;
  std::string error;
};

asio::awaitable<void> register_some(Shared& s) {
  boost::beast::tcp_stream stream(co_await asio::this_coro::executor);
  stream.expires_after(std::chrono::seconds(30));
  co_await stream.async_connect(s.server, asio::use_awaitable);
  boost::beast::flat_buffer buffer;
  while (s.error.empty() && s.next < s.count) {
    const int index = s.next++;
    User user;
    user.account = fmt::format("139{:08d}", s.account_base + static_cast<std::uint64_t>(index));
    // Named, not temporaries: GCC cannot keep a string literal temporary in a coroutine frame.
    std::string target = "/api/v1/users/create";
    std::string request =
        json::serialize(json::object{{"account", user.account}, {"pwd", kBenchPassword}});
    auto res = co_await post_json(stream, buffer, std::move(target), std::move(request));
    if (res.result_int() != 200) {
      s.error = fmt::format("registration of {} failed: {} {}", user.account, res.result_int(),
                            res.body());
      co_return;
    }
    auto body = json::parse(res.body());
    const auto& data = body.at("data");
    user.id = data.at("id").to_number<std::int64_t>();
    user.token = std::string(data.at("token").as_string());
    (*s.users)[static_cast<std::size_t>(index)] = std::move(user);
  }
}

}  // namespace

std::vector<User> register_users(const asio::ip::tcp::endpoint& server, int count,
                                 int concurrency) {
  std::vector<User> users(static_cast<std::size_t>(count));
  Shared s;
  s.server = server;
  s.count = count;
  s.users = &users;
  // A random base keeps runs against one long-lived server from colliding.
  std::mt19937_64 rng(
      std::random_device{}() ^
      static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
  s.account_base = rng() % (100'000'000ULL - static_cast<std::uint64_t>(count));

  asio::io_context io;
  for (int i = 0; i < std::min(concurrency, count); ++i) {
    asio::co_spawn(io, register_some(s), [&s](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        if (s.error.empty()) s.error = std::string("registration: ") + ex.what();
      }
    });
  }
  io.run();
  if (!s.error.empty()) throw std::runtime_error(s.error);
  return users;
}

}  // namespace im::bench
