#include "server/adapters/redis/subscriber.hpp"

#include <hiredis/hiredis.h>

#include <algorithm>

#include "im/log.hpp"
#include "server/adapters/redis/redis_adapters.hpp"

namespace im::host::redis {

Subscriber::Subscriber(RedisConfig config, std::vector<std::string> channels, OnMessage on_message)
    : config_(std::move(config)),
      channels_(std::move(channels)),
      on_message_(std::move(on_message)),
      thread_([this] { run(); }) {}

Subscriber::~Subscriber() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    if (current_) current_->interrupt();
    cv_.notify_all();
  }
  thread_.join();
}

bool Subscriber::wait_subscribed(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return cv_.wait_for(lock, timeout, [&] { return subscribed_; });
}

void Subscriber::run() {
  auto backoff = std::chrono::milliseconds(100);
  while (!stopping_) {
    try {
      Connection conn(config_);
      {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        current_ = &conn;
      }
      listen(conn);
    } catch (const RedisUnavailable& e) {
      if (!stopping_) log::warn("redis bus subscriber: {}", e.what());
    }
    {
      std::unique_lock lock(mutex_);
      current_ = nullptr;
      subscribed_ = false;
      cv_.wait_for(lock, backoff, [&] { return stopping_.load(); });
    }
    backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
  }
}

void Subscriber::listen(Connection& conn) {
  std::vector<std::string_view> args{"SUBSCRIBE"};
  for (const auto& c : channels_) args.push_back(c);
  conn.command(args);  // the first confirmation; the others arrive below
  {
    std::lock_guard lock(mutex_);
    subscribed_ = true;
    cv_.notify_all();
  }
  log::info("redis bus: subscribed to {} channel(s)", channels_.size());
  while (!stopping_) {
    auto reply = conn.next_reply();
    if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 3) continue;
    const auto* kind = reply->element[0];
    if (kind->type != REDIS_REPLY_STRING || std::string_view(kind->str, kind->len) != "message")
      continue;  // subscribe confirmations
    const auto* channel = reply->element[1];
    const auto* payload = reply->element[2];
    on_message_(std::string_view(channel->str, channel->len),
                std::string_view(payload->str, payload->len));
  }
}

}  // namespace im::host::redis
