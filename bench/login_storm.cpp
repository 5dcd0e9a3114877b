#include "bench/login_storm.hpp"

#include <chrono>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "bench/http_post.hpp"
#include "bench/registration.hpp"

namespace im::bench {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

struct LoginStorm::State {
  asio::ip::tcp::endpoint server;
  std::vector<std::string> bodies;  // one login body per account
  int connections = 0;
  asio::io_context io{1};
  Clock::time_point started;
  LoginStormResult result;  // touched only on the storm's thread until it is joined
};

namespace {

asio::awaitable<void> pause(std::chrono::milliseconds d) {
  asio::steady_timer t(co_await asio::this_coro::executor, d);
  co_await t.async_wait(asio::use_awaitable);
}

asio::awaitable<void> log_in_repeatedly(LoginStorm::State& s, std::size_t account) {
  const std::string& body = s.bodies[account % s.bodies.size()];
  for (;;) {
    bool failed = false;
    try {
      boost::beast::tcp_stream stream(co_await asio::this_coro::executor);
      stream.expires_after(std::chrono::seconds(30));
      co_await stream.async_connect(s.server, asio::use_awaitable);
      boost::beast::flat_buffer buffer;
      for (;;) {
        const auto t0 = Clock::now();
        std::string target = "/api/v1/users/login";  // named: see groups.cpp
        auto res = co_await post_json(stream, buffer, std::move(target), body);
        const int status = res.result_int();
        if (status == 200) {
          ++s.result.ok;
          s.result.latency.add(
              std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0).count());
        } else if (status == 503) {
          ++s.result.busy;
          const auto after = res[boost::beast::http::field::retry_after];
          co_await pause(std::chrono::seconds(after.empty() ? 1 : std::stoi(std::string(after))));
        } else {
          ++s.result.other;
        }
        if (!res.keep_alive()) break;
      }
    } catch (const std::exception&) {
      failed = true;
    }
    if (failed) {
      ++s.result.errors;
      co_await pause(std::chrono::milliseconds(100));
    }
  }
}

}  // namespace

LoginStorm::LoginStorm(asio::ip::tcp::endpoint server, std::vector<std::string> accounts,
                       int connections)
    : state_(std::make_unique<State>()) {
  state_->server = server;
  state_->connections = connections;
  for (const auto& a : accounts)
    state_->bodies.push_back(
        boost::json::serialize(boost::json::object{{"account", a}, {"pwd", kBenchPassword}}));
}

LoginStorm::~LoginStorm() {
  if (thread_.joinable()) stop();
}

void LoginStorm::start() {
  state_->started = Clock::now();
  for (int i = 0; i < state_->connections; ++i)
    asio::co_spawn(state_->io, log_in_repeatedly(*state_, static_cast<std::size_t>(i)),
                   asio::detached);
  thread_ = std::thread([this] { state_->io.run(); });
}

LoginStormResult LoginStorm::stop() {
  state_->io.stop();
  thread_.join();
  state_->result.span_s = std::chrono::duration<double>(Clock::now() - state_->started).count();
  return std::move(state_->result);
}

}  // namespace im::bench
