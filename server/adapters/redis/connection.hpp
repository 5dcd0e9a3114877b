// One blocking hiredis connection, authenticated and on the configured database.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "server/config/host_config.hpp"

struct redisContext;
struct redisReply;

namespace im::host::redis {

struct ReplyDeleter {
  void operator()(redisReply* r) const;
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

class Connection {
 public:
  // Connects, AUTHs when credentials are set (S17) and SELECTs the database.
  // Throws RedisUnavailable.
  explicit Connection(const RedisConfig& config);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // One command; an error reply throws RedisUnavailable too, but leaves the connection usable.
  Reply command(const std::vector<std::string_view>& args);
  // Several commands in one round trip (MULTI ... EXEC); returns every reply in order.
  std::vector<Reply> pipeline(const std::vector<std::vector<std::string_view>>& commands);

  bool broken() const { return broken_; }

  // Pub/sub: waits (without a timeout) for the next pushed reply; throws RedisUnavailable when
  // the connection is lost or interrupt() was called.
  Reply next_reply();
  // From another thread: makes a blocked next_reply() return (shuts the socket down).
  void interrupt();

 private:
  void login(const RedisConfig& config);
  [[noreturn]] void fail(const std::string& what);
  void check(const Reply& reply, std::string_view what);

  redisContext* ctx_ = nullptr;
  bool broken_ = false;
};

}  // namespace im::host::redis
