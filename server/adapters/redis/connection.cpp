#include "server/adapters/redis/connection.hpp"

#include <hiredis/hiredis.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "server/adapters/redis/redis_adapters.hpp"

namespace im::host::redis {

void ReplyDeleter::operator()(redisReply* r) const {
  freeReplyObject(r);
}

namespace {
constexpr timeval kConnectTimeout{2, 0};
constexpr timeval kCommandTimeout{5, 0};
}  // namespace

Connection::Connection(const RedisConfig& config) {
  ctx_ = redisConnectWithTimeout(config.host.c_str(), config.port, kConnectTimeout);
  if (!ctx_ || ctx_->err) {
    std::string what = ctx_ ? ctx_->errstr : "out of memory";
    if (ctx_) redisFree(ctx_);
    ctx_ = nullptr;
    throw RedisUnavailable("redis connect " + config.host + ":" + std::to_string(config.port) +
                           ": " + what);
  }
  redisSetTimeout(ctx_, kCommandTimeout);
  try {
    login(config);
  } catch (...) {
    redisFree(ctx_);  // the destructor does not run for a throwing constructor
    throw;
  }
}

void Connection::login(const RedisConfig& config) {
  // The original ignored REDIS_USERNAME/REDIS_PWD; the new server uses them (S17).
  if (!config.username.empty() || !config.password.empty()) {
    std::vector<std::string_view> auth{"AUTH"};
    if (!config.username.empty()) auth.push_back(config.username);
    auth.push_back(config.password);
    command(auth);
  }
  if (config.db != 0) {
    const std::string db = std::to_string(config.db);
    command({"SELECT", db});
  }
}

Connection::~Connection() {
  if (ctx_) redisFree(ctx_);
}

void Connection::fail(const std::string& what) {
  broken_ = true;
  throw RedisUnavailable("redis " + what + ": " + (ctx_->errstr[0] ? ctx_->errstr : "I/O error"));
}

void Connection::check(const Reply& reply, std::string_view what) {
  if (reply->type == REDIS_REPLY_ERROR) {
    throw RedisUnavailable("redis " + std::string(what) + ": " +
                           std::string(reply->str, reply->len));
  }
}

namespace {
void to_argv(const std::vector<std::string_view>& args, std::vector<const char*>& argv,
             std::vector<size_t>& lens) {
  argv.clear();
  lens.clear();
  for (auto a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
}
}  // namespace

Reply Connection::command(const std::vector<std::string_view>& args) {
  if (broken_) throw RedisUnavailable("redis connection is broken");
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  to_argv(args, argv, lens);
  Reply reply(static_cast<redisReply*>(
      redisCommandArgv(ctx_, static_cast<int>(argv.size()), argv.data(), lens.data())));
  if (!reply) fail(std::string(args.front()));
  check(reply, args.front());
  return reply;
}

std::vector<Reply> Connection::pipeline(const std::vector<std::vector<std::string_view>>& cmds) {
  if (broken_) throw RedisUnavailable("redis connection is broken");
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  for (const auto& args : cmds) {
    to_argv(args, argv, lens);
    if (redisAppendCommandArgv(ctx_, static_cast<int>(argv.size()), argv.data(), lens.data()) !=
        REDIS_OK) {
      fail("append");
    }
  }
  std::vector<Reply> replies;
  for (std::size_t i = 0; i < cmds.size(); ++i) {
    void* raw = nullptr;
    if (redisGetReply(ctx_, &raw) != REDIS_OK || !raw) fail(std::string(cmds[i].front()));
    replies.emplace_back(static_cast<redisReply*>(raw));
  }
  // Error replies are checked only after every reply was read, so the stream stays in sync.
  for (std::size_t i = 0; i < replies.size(); ++i) check(replies[i], cmds[i].front());
  return replies;
}

Reply Connection::next_reply() {
  if (broken_) throw RedisUnavailable("redis connection is broken");
  redisSetTimeout(ctx_, timeval{0, 0});  // a subscriber waits as long as it takes
  void* raw = nullptr;
  if (redisGetReply(ctx_, &raw) != REDIS_OK || !raw) fail("subscribe");
  return Reply(static_cast<redisReply*>(raw));
}

void Connection::interrupt() {
  if (ctx_ && ctx_->fd >= 0) ::shutdown(ctx_->fd, SHUT_RDWR);
}

}  // namespace im::host::redis
