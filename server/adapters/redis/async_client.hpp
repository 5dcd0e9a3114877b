// The Redis loop (issue 4): hiredis' asynchronous API driven by an Asio io_context that runs on
// one thread of its own, shared by every Redis adapter of the process.
//
// - One command connection per client: commands from any thread are pipelined on it (many in
//   flight, replies in order), each batch with a completion that runs on the loop.
// - On (re)connect the connection sends AUTH when credentials are set (S17) and SELECT, and only
//   then the commands that waited for it.
// - A lost connection fails what was in flight (a batch sent on a connection that then died is
//   retried once on the next one, as the blocking pool did), reconnects at once and then with a
//   back-off (0.1 s doubling to 2 s); a pub/sub connection SUBSCRIBEs its channels again.
// - Nothing waits for ever: a batch without a reply within the command timeout fails, and the
//   connection it was sent on is replaced; while Redis is unreachable batches fail at once.
//
// hiredis contexts are only touched on the loop thread; the blocking wrappers (run()) are for the
// worker threads of the synchronous ports and refuse to run on the loop itself.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "server/config/host_config.hpp"

namespace im::host::redis {

// A reply, copied out of hiredis (which frees its own when the callback returns).
struct Value {
  enum class Type { nil, string, array, integer, status, error };
  Type type = Type::nil;
  long long integer = 0;
  std::string str;  // string, status, error
  std::vector<Value> elements;

  bool is_error() const { return type == Type::error; }
};

using Command = std::vector<std::string>;

// What a batch produced: `error` is set when it did not complete (Redis unreachable, connection
// lost, no reply in time); otherwise one Value per command, error replies included.
struct Outcome {
  std::string error;
  std::vector<Value> replies;

  bool ok() const { return error.empty(); }
};

using Completion = std::function<void(Outcome)>;
using MessageHandler = std::function<void(std::string_view channel, std::string_view payload)>;

struct ClientOptions {
  std::chrono::milliseconds command_timeout{2000};
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds backoff_min{100};
  std::chrono::milliseconds backoff_max{2000};
};

class RedisConnection;  // one hiredis context and its reconnects (async_client.cpp)

// A pub/sub connection of its own, on the client's loop.
class Subscription {
 public:
  explicit Subscription(std::shared_ptr<RedisConnection> connection);
  ~Subscription();  // close()
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;

  // True while every channel is subscribed (false during an outage).
  bool subscribed() const;
  // Any thread but the loop's: waits up to `timeout` for subscribed().
  bool wait_subscribed(std::chrono::milliseconds timeout);
  // On the loop: no message is delivered afterwards. Idempotent.
  void close();

 private:
  std::shared_ptr<RedisConnection> connection_;
};

class Client {
 public:
  // The process' client for `config` (one per distinct host, port, database and credentials),
  // shared by every adapter; created on first use, stopped when its last user releases it.
  static std::shared_ptr<Client> shared(const RedisConfig& config);

  explicit Client(RedisConfig config, ClientOptions options = {});
  // Closes every connection (pending batches fail) and joins the loop thread. Must not run on
  // the loop (nothing running there owns a Client).
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // The loop, for the timers and handlers of adapters that live on it (the Bus).
  boost::asio::io_context& loop() { return io_; }
  bool on_loop() const;
  const ClientOptions& options() const { return options_; }
  const RedisConfig& config() const { return config_; }

  // Any thread, never blocks. The commands go out back to back (nothing else in between, so
  // MULTI ... EXEC stays one transaction); `done` runs on the loop, exactly once.
  void async(std::vector<Command> commands, Completion done);

  // Any thread but the loop's: async() and wait for the replies. Throws RedisUnavailable when
  // they do not come within the command timeout or one of them is an error reply.
  std::vector<Value> run_batch(std::vector<Command> commands);
  Value run(Command command);

  // A connection subscribed to `channels` (again after every reconnect); `on_message` runs on
  // the loop for each message, `on_subscribed` (optional) each time every channel is subscribed
  // (at first and after each reconnect).
  std::unique_ptr<Subscription> subscribe(std::vector<std::string> channels,
                                          MessageHandler on_message,
                                          std::function<void()> on_subscribed = nullptr);

 private:
  RedisConfig config_;
  ClientOptions options_;
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::shared_ptr<RedisConnection> commands_;
  std::mutex subscriptions_mutex_;
  std::vector<std::weak_ptr<RedisConnection>> subscriptions_;
  std::thread thread_;
};

}  // namespace im::host::redis
