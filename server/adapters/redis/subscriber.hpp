// A dedicated pub/sub connection on its own thread: SUBSCRIBEs to fixed channels and hands each
// message to a callback. A lost connection (Redis restarted) is re-opened with a back-off and
// the channels are subscribed again; messages published meanwhile are lost, which the bus
// tolerates (its requests time out as 408, presence is refreshed).
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "server/adapters/redis/connection.hpp"
#include "server/config/host_config.hpp"

namespace im::host::redis {

class Subscriber {
 public:
  using OnMessage = std::function<void(std::string_view channel, std::string_view payload)>;

  Subscriber(RedisConfig config, std::vector<std::string> channels, OnMessage on_message);
  ~Subscriber();  // stops and joins
  Subscriber(const Subscriber&) = delete;
  Subscriber& operator=(const Subscriber&) = delete;

  // Blocks up to `timeout` until the channels are subscribed (for start-up and tests).
  bool wait_subscribed(std::chrono::milliseconds timeout);

 private:
  void run();
  void listen(Connection& conn);

  RedisConfig config_;
  std::vector<std::string> channels_;
  OnMessage on_message_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable cv_;
  Connection* current_ = nullptr;  // guarded by mutex_, for interrupt()
  bool subscribed_ = false;
  std::thread thread_;
};

}  // namespace im::host::redis
