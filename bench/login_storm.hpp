// A login storm beside the websocket load: N keep-alive HTTP connections, each logging in
// (POST /api/v1/users/login, docs/contract/http-api.md U1) again and again as one of a few
// accounts, on a thread of its own. A 503 (the server's hashing queue is full) is counted and
// retried after its Retry-After, as a well-behaved client would; anything else is retried at once.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "bench/latency_samples.hpp"

namespace im::bench {

struct LoginStormResult {
  std::uint64_t ok = 0;      // 200
  std::uint64_t busy = 0;    // 503 + Retry-After
  std::uint64_t other = 0;   // any other status
  std::uint64_t errors = 0;  // connection failures and timeouts
  double span_s = 0;         // start() -> stop()
  LatencySamples latency;    // request -> 200 reply
};

class LoginStorm {
 public:
  LoginStorm(boost::asio::ip::tcp::endpoint server, std::vector<std::string> accounts,
             int connections);
  ~LoginStorm();
  void start();
  // Stops the storm (requests in flight are abandoned) and returns its counts.
  LoginStormResult stop();

  struct State;  // the storm's io_context and counters (login_storm.cpp)

 private:
  std::unique_ptr<State> state_;
  std::thread thread_;
};

}  // namespace im::bench
