// im::Bus over Redis (issue 4): presence in hashes, pushes and their results over pub/sub.
//
// Keys (additions to data-model.md 5, all with a TTL):
//   im:presence:<userId>  hash, field = node id, value = unix ms of the node's last refresh;
//                         EXPIRE 60 s on every write; fields older than 45 s are ignored, so a
//                         dead node's entries stop counting at once and vanish with the key.
// Channels: im:bus:node:<node id> (pushes to a node, results back to it), im:bus:all (S7).
//
// Threading: Redis commands run on the bus's own thread (one blocking connection from a pool of
// one, in order), never on the I/O threads or the hub's callers; incoming frames arrive on the
// subscriber thread and are handed to the hub, which only queues writes.
#include <atomic>
#include <chrono>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>
#include <hiredis/hiredis.h>
#include <unistd.h>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "im/hub.hpp"
#include "im/log.hpp"
#include "server/adapters/redis/bus_frame.hpp"
#include "server/adapters/redis/pool.hpp"
#include "server/adapters/redis/redis_adapters.hpp"
#include "server/adapters/redis/subscriber.hpp"

namespace im::host {

namespace {

namespace asio = boost::asio;
using redis::decode_frame;
using redis::encode_close;
using redis::encode_push;
using redis::encode_result;
using namespace std::chrono_literals;

constexpr auto kRefreshEvery = 15s;
constexpr auto kPresenceTtl = 60s;
constexpr std::int64_t kStaleAfterMs = 45'000;
constexpr auto kResultMargin = 2s;  // a remote ack timeout plus the round trips

std::string presence_key(UserId user) {
  return fmt::format("im:presence:{}", user);
}
std::string node_channel(std::string_view node) {
  return fmt::format("im:bus:node:{}", node);
}
constexpr std::string_view kAllChannel = "im:bus:all";

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string make_node_id() {
  char host[64] = {};
  gethostname(host, sizeof host - 1);
  std::string h(host);
  std::erase_if(h, [](char c) { return c == ' ' || c == '\n' || c == ':'; });
  std::random_device rd;
  return fmt::format("{}-{}-{:08x}", h.empty() ? "node" : h, getpid(), rd());
}

// One forward to several nodes: 200 if any answered 200, 204 if all answered 204, else 408.
struct Fanout {
  std::size_t remaining = 0;
  bool any_ok = false;
  bool all_offline = true;
  Bus::ResultCallback done;
  std::vector<std::uint64_t> requests;
  std::unique_ptr<asio::steady_timer> timer;

  // True when this was the last answer.
  bool report(int status) {
    any_ok = any_ok || status == push_ok;
    all_offline = all_offline && status == push_offline;
    if (--remaining > 0) return false;
    if (done) done(any_ok ? push_ok : all_offline ? push_offline : push_failed);
    return true;
  }
};

class RedisBus final : public Bus {
 public:
  RedisBus(const RedisConfig& config, std::chrono::milliseconds ack_timeout)
      : node_(make_node_id()),
        result_timeout_(ack_timeout + kResultMargin),
        pool_(config, 1),
        work_(io_.get_executor()),
        refresh_(io_),
        thread_([this] { io_.run(); }),
        subscriber_(config, {node_channel(node_), std::string(kAllChannel)},
                    [this](std::string_view, std::string_view payload) { incoming(payload); }) {
    if (!subscriber_.wait_subscribed(3s))
      log::warn("redis bus: not subscribed yet (Redis unreachable?); retrying in the background");
    asio::post(io_, [this] { schedule_refresh(); });
    log::info("redis bus: node id {}", node_);
  }

  ~RedisBus() override {
    attach(nullptr);
    asio::post(io_, [this] {
      refresh_.cancel();
      for (auto& [id, fanout] : pending_) fanout->timer->cancel();
      pending_.clear();
      // Best effort: the users of this node are no longer here.
      for (UserId user : local_) remove_presence(user);
      work_.reset();
    });
    thread_.join();
  }

  const std::string& node_id() const override { return node_; }

  void attach(BusReceiver* receiver) override {
    std::lock_guard lock(receiver_mutex_);
    receiver_ = receiver;
  }

  void joined(UserId user) override {
    asio::post(io_, [this, user] {
      local_.insert(user);
      write_presence({user});
    });
  }

  void left(UserId user) override {
    asio::post(io_, [this, user] {
      local_.erase(user);
      remove_presence(user);
    });
  }

  void forward(UserId user, std::string_view event, SharedBytes bytes,
               ResultCallback done) override {
    asio::post(io_, [this, user, event = std::string(event), bytes = std::move(bytes),
                     done = std::move(done)]() mutable {
      send_push(user, event, *bytes, std::move(done));
    });
  }

  void close_sessions(UserId user, const std::optional<std::string>& token) override {
    asio::post(io_, [this, frame = encode_close(node_, user, token)] {
      publish(std::string(kAllChannel), frame);
    });
  }

 private:
  // ---- on the bus thread

  template <class F>
  bool redis(const char* what, F&& f) {
    try {
      pool_.run(std::forward<F>(f));
      return true;
    } catch (const std::exception& e) {
      log::warn("redis bus {}: {}", what, e.what());
      return false;
    }
  }

  // Number of subscribers that received it; -1 when Redis is unreachable.
  long long publish(const std::string& channel, const std::string& frame) {
    long long receivers = -1;
    redis("publish", [&](redis::Connection& c) {
      receivers = c.command({"PUBLISH", channel, frame})->integer;
      return 0;
    });
    return receivers;
  }

  void write_presence(const std::vector<UserId>& users) {
    const std::string stamp = std::to_string(now_ms());
    const std::string ttl = std::to_string(kPresenceTtl.count());
    for (std::size_t at = 0; at < users.size(); at += 256) {
      std::vector<std::string> keys;
      for (std::size_t i = at; i < std::min(users.size(), at + 256); ++i)
        keys.push_back(presence_key(users[i]));
      std::vector<std::vector<std::string_view>> cmds;
      for (const auto& k : keys) {
        cmds.push_back({"HSET", k, node_, stamp});
        cmds.push_back({"EXPIRE", k, ttl});
      }
      redis("presence", [&](redis::Connection& c) { return c.pipeline(cmds).size(); });
    }
  }

  void remove_presence(UserId user) {
    const std::string key = presence_key(user);
    redis("presence", [&](redis::Connection& c) {
      return c.command({"HDEL", key, node_}) != nullptr;
    });
  }

  void schedule_refresh() {
    refresh_.expires_after(kRefreshEvery);
    refresh_.async_wait([this](const boost::system::error_code& ec) {
      if (ec) return;
      write_presence(std::vector<UserId>(local_.begin(), local_.end()));
      schedule_refresh();
    });
  }

  // The other nodes with a fresh presence entry for `user`; nullopt when Redis did not answer.
  std::optional<std::vector<std::string>> nodes_of(UserId user) {
    std::vector<std::string> nodes;
    const std::string key = presence_key(user);
    const std::int64_t fresh_after = now_ms() - kStaleAfterMs;
    bool ok = redis("presence", [&](redis::Connection& c) {
      auto reply = c.command({"HGETALL", key});
      for (std::size_t i = 0; i + 1 < reply->elements; i += 2) {
        std::string node(reply->element[i]->str, reply->element[i]->len);
        std::int64_t stamp = std::atoll(reply->element[i + 1]->str);
        if (node != node_ && stamp >= fresh_after) nodes.push_back(std::move(node));
      }
      return 0;
    });
    if (!ok) return std::nullopt;
    return nodes;
  }

  void send_push(UserId user, const std::string& event, const std::string& bytes,
                 ResultCallback done) {
    auto nodes = nodes_of(user);
    if (!nodes) {
      if (done) done(push_failed);  // unknown: the offline pull will return it
      return;
    }
    if (nodes->empty()) {
      if (done) done(push_offline);
      return;
    }
    auto fanout = std::make_shared<Fanout>();
    fanout->remaining = nodes->size();
    fanout->done = std::move(done);
    for (const auto& node : *nodes) {
      const std::uint64_t id = ++next_request_;
      if (publish(node_channel(node), encode_push(id, node_, user, event, bytes)) <= 0) {
        // Nobody listens on that node's channel: it is gone (its entry has not expired yet).
        if (fanout->report(push_failed)) return;
        continue;
      }
      fanout->requests.push_back(id);
      pending_[id] = fanout;
    }
    if (fanout->requests.empty()) return;
    fanout->timer = std::make_unique<asio::steady_timer>(io_, result_timeout_);
    fanout->timer->async_wait([this, fanout](const boost::system::error_code& ec) {
      if (ec) return;
      for (auto id : fanout->requests) {
        if (pending_.erase(id) == 0) continue;
        log::debug("redis bus: request {} timed out", id);
        if (fanout->report(push_failed)) return;
      }
    });
  }

  void resolve(std::uint64_t id, int status) {
    auto it = pending_.find(id);
    if (it == pending_.end()) return;  // timed out already
    auto fanout = it->second;
    pending_.erase(it);
    if (fanout->report(status) && fanout->timer) fanout->timer->cancel();
  }

  // ---- on the subscriber thread

  void incoming(std::string_view bytes) {
    auto frame = decode_frame(bytes);
    if (!frame) {
      log::debug("redis bus: ignoring a malformed frame");
      return;
    }
    switch (frame->kind) {
      case redis::BusFrame::Kind::push: {
        auto payload = std::make_shared<const std::string>(std::move(frame->payload));
        auto reply = [this, id = frame->request, to = node_channel(frame->node)](int status) {
          asio::post(io_, [this, id, to, status] { publish(to, encode_result(id, status)); });
        };
        std::lock_guard lock(receiver_mutex_);
        if (!receiver_) return reply(push_offline);
        receiver_->deliver_local(frame->user, frame->event, std::move(payload), std::move(reply));
        return;
      }
      case redis::BusFrame::Kind::result:
        asio::post(io_,
                   [this, id = frame->request, status = frame->status] { resolve(id, status); });
        return;
      case redis::BusFrame::Kind::close: {
        if (frame->node == node_) return;  // closed locally already
        std::lock_guard lock(receiver_mutex_);
        if (receiver_) receiver_->close_local(frame->user, frame->token);
        return;
      }
    }
  }

  const std::string node_;
  const std::chrono::milliseconds result_timeout_;
  redis::Pool pool_;
  std::mutex receiver_mutex_;
  BusReceiver* receiver_ = nullptr;

  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  asio::steady_timer refresh_;
  std::unordered_set<UserId> local_;
  std::unordered_map<std::uint64_t, std::shared_ptr<Fanout>> pending_;
  std::uint64_t next_request_ = 0;
  std::thread thread_;
  redis::Subscriber subscriber_;  // last: stops first, before anything it calls goes away
};

}  // namespace

std::shared_ptr<Bus> make_redis_bus(const RedisConfig& config,
                                    std::chrono::milliseconds ack_timeout) {
  return std::make_shared<RedisBus>(config, ack_timeout);
}

}  // namespace im::host
