// im::Bus over Redis (issue 4): presence in hashes, pushes and their results over pub/sub.
//
// Keys (additions to docs/contract/data-model.md 5, all with a TTL):
//   im:presence:<userId>  hash, field = node id, value = unix ms of the node's last refresh;
//                         EXPIRE 60 s on every write; fields older than 45 s are ignored, so a
//                         dead node's entries stop counting at once and vanish with the key.
//   im:sessions:<userId>  hash of the user's session descriptions for the admin API
//                         (session_entry.hpp), written beside the presence entry with the same
//                         TTL; a description counts only while its node's presence entry is fresh.
//   im:nodes              hash of every node's figures for the admin summary (node_load_entry.hpp),
//                         EXPIRE 60 s on every write.
// Channels: im:bus:node:<node id> (pushes to a node, results back to it, admin closes of one
// session), im:bus:all (S7).
//
// Presence lookups (Bus::held_elsewhere) read the same hashes.
//
// Threading: everything runs on the Redis loop of the process (async_client.hpp): presence
// writes and lookups and PUBLISH are pipelined on the shared command connection without waiting,
// the subscriber connection and the timers live on the same loop. The Bus methods only post to
// it, so they never block; incoming frames are handed to the hub, which only queues writes.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <future>
#include <mutex>
#include <random>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>
#include <unistd.h>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "im/hub.hpp"
#include "im/log_format.hpp"
#include "im/message_rate_meter.hpp"
#include "server/adapters/redis/async_client.hpp"
#include "server/adapters/redis/bus_frame.hpp"
#include "server/adapters/redis/node_load_entry.hpp"
#include "server/adapters/redis/redis_adapters.hpp"
#include "server/adapters/redis/session_entry.hpp"

namespace im::host {

namespace {

namespace asio = boost::asio;
using redis::Command;
using redis::decode_frame;
using redis::encode_close;
using redis::encode_close_session;
using redis::encode_push;
using redis::encode_result;
using redis::encode_signal;
using redis::Outcome;
using redis::Value;
using namespace std::chrono_literals;

constexpr auto kRefreshEvery = 15s;
constexpr auto kPresenceTtl = 60s;
constexpr std::int64_t kStaleAfterMs = 45'000;
constexpr auto kResultMargin = 2s;  // a remote ack timeout plus the round trips
constexpr std::size_t kPresenceBatch = 256;
constexpr std::int64_t kForgetLoadAfterMs = 600'000;

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

// The problem of a batch, if any: an error reply counts too.
std::string failure_of(const Outcome& out) {
  if (!out.ok()) return out.error;
  for (const auto& r : out.replies)
    if (r.is_error()) return r.str;
  return {};
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

// The bus' state, on the loop. Handlers hold it by shared_ptr, so it outlives the RedisBus
// object until they ran; `stopped_` turns them into no-ops. It never owns the Client (its last
// reference must not go away on the loop thread).
class Core : public std::enable_shared_from_this<Core> {
 public:
  Core(redis::Client& client, std::string node, std::chrono::milliseconds result_timeout)
      : client_(client),
        node_(std::move(node)),
        result_timeout_(result_timeout),
        refresh_(client.loop()) {}

  const std::string& node() const { return node_; }

  // Any thread.
  void start() {
    std::weak_ptr<Core> weak = weak_from_this();
    subscription_ = client_.subscribe(
        {node_channel(node_), std::string(kAllChannel)},
        [weak](std::string_view, std::string_view payload) {
          if (auto self = weak.lock()) self->incoming(payload);
        },
        [weak] {
          // Subscribed again after an outage: Redis may have lost the presence entries (a
          // restart without persistence), so this node's are written at once, not in 15 s.
          if (auto self = weak.lock(); self && !self->stopped_ && !self->local_.empty())
            self->write_presence(std::vector<UserId>(self->local_.begin(), self->local_.end()));
        });
    post([](Core& self) { self.schedule_refresh(); });
  }

  bool wait_subscribed(std::chrono::milliseconds timeout) {
    return subscription_->wait_subscribed(timeout);
  }

  // Any thread but the loop: stops every handler and waits (briefly) for the presence entries
  // of this node to be removed.
  void stop() {
    auto removed = std::make_shared<std::promise<void>>();
    auto future = removed->get_future();
    asio::post(client_.loop(), [self = shared_from_this(), removed] {
      self->stopped_ = true;
      self->refresh_.cancel();
      for (auto& [id, fanout] : self->pending_)
        if (fanout->timer) fanout->timer->cancel();
      self->pending_.clear();
      self->subscription_->close();
      // Best effort: the users of this node are no longer here.
      std::vector<Command> commands;
      for (UserId user : self->local_)
        commands.push_back({"HDEL", presence_key(user), self->node_});
      for (const auto& [user, sessions] : self->described_)
        for (const auto& [id, weak] : sessions)
          commands.push_back(
              {"HDEL", redis::sessions_key(user), redis::session_field(self->node_, id)});
      commands.push_back({"HDEL", std::string(redis::kNodeLoadsKey), self->node_});
      self->local_.clear();
      self->described_.clear();
      if (commands.empty()) return removed->set_value();
      self->client_.async(std::move(commands), [removed](Outcome) { removed->set_value(); });
    });
    future.wait_for(client_.options().command_timeout);
  }

  void attach(BusReceiver* receiver) {
    {
      std::lock_guard lock(receiver_mutex_);
      receiver_ = receiver;
    }
    if (receiver) post([](Core& self) { self.write_load(); });
  }

  void joined(UserId user) {
    post([user](Core& self) {
      self.local_.insert(user);
      self.write_presence({user});
    });
  }

  void left(UserId user) {
    post([user](Core& self) {
      self.local_.erase(user);
      self.command("presence", {{"HDEL", presence_key(user), self.node_}});
    });
  }

  void forward(UserId user, std::string_view event, SharedBytes bytes, Bus::ResultCallback done) {
    post([user, event = std::string(event), bytes = std::move(bytes),
          done = std::move(done)](Core& self) mutable {
      self.send_push(user, std::move(event), std::move(bytes), std::move(done));
    });
  }

  void signal(UserId user, Feature feature, std::string_view event, SharedBytes bytes) {
    post([user, frame = encode_signal(user, feature, event, *bytes)](Core& self) mutable {
      self.send_signal(user, std::move(frame));
    });
  }

  void close_sessions(UserId user, const std::optional<std::string>& token) {
    post([frame = encode_close(node_, user, token)](Core& self) {
      self.command("publish", {{"PUBLISH", std::string(kAllChannel), frame}});
    });
  }

  // One HGETALL per user, pipelined; a user is held elsewhere when another node's entry is
  // fresh. A failed lookup answers "not held" (and is logged).
  void held_elsewhere(std::vector<UserId> users, Bus::HeldCallback done) {
    auto answer = std::make_shared<Bus::HeldCallback>(std::move(done));
    std::weak_ptr<Core> weak = weak_from_this();
    const std::size_t n = users.size();
    asio::post(client_.loop(), [weak, users = std::move(users), answer, n] {
      auto self = weak.lock();
      if (!self || self->stopped_ || n == 0) return (*answer)(std::vector<bool>(n, false));
      std::vector<Command> commands;
      for (UserId user : users) commands.push_back({"HGETALL", presence_key(user)});
      self->client_.async(std::move(commands), [weak, answer, n](Outcome out) {
        std::vector<bool> held(n, false);
        auto self = weak.lock();
        if (auto problem = failure_of(out); !problem.empty()) {
          log::warn("redis bus presence lookup: {}", problem);
        } else if (self && out.replies.size() == n) {
          for (std::size_t i = 0; i < n; ++i) held[i] = !self->fresh_nodes(out.replies[i]).empty();
        }
        (*answer)(std::move(held));
      });
    });
  }

  void session_opened(UserId user, const std::shared_ptr<Session>& session) {
    auto id = session->describe().id;
    if (id.empty()) return;  // nothing an admin could name
    post([user, id = std::move(id), weak = std::weak_ptr<Session>(session)](Core& self) {
      self.described_[user][id] = weak;
      self.write_presence({user});  // the description at once, beside the presence entry
      self.write_load();
    });
  }

  void session_closed(UserId user, const std::string& id) {
    if (id.empty()) return;
    post([user, id](Core& self) {
      auto it = self.described_.find(user);
      if (it != self.described_.end()) {
        it->second.erase(id);
        if (it->second.empty()) self.described_.erase(it);
      }
      self.command("sessions",
                   {{"HDEL", redis::sessions_key(user), redis::session_field(self.node_, id)}});
      self.write_load();
    });
  }

  void remote_sessions(UserId user, Bus::SessionsCallback done) {
    asio::post(client_.loop(), [self = shared_from_this(), user, done = std::move(done)]() mutable {
      if (self->stopped_) return done(std::nullopt);
      self->client_.async(
          {{"HGETALL", presence_key(user)}, {"HGETALL", redis::sessions_key(user)}},
          [self, done = std::move(done)](Outcome out) {
            if (auto problem = failure_of(out); !problem.empty() || out.replies.size() != 2) {
              log::warn("redis bus sessions: {}", problem);
              return done(std::nullopt);
            }
            const auto nodes = self->fresh_nodes(out.replies[0]);
            std::vector<SessionDescription> sessions;
            const auto& entries = out.replies[1].elements;
            for (std::size_t i = 0; i + 1 < entries.size(); i += 2) {
              auto session = redis::decode_session(entries[i].str, entries[i + 1].str);
              if (session && std::find(nodes.begin(), nodes.end(), session->node) != nodes.end())
                sessions.push_back(std::move(*session));
            }
            done(std::move(sessions));
          });
    });
  }

  void remote_loads(Bus::LoadsCallback done) {
    asio::post(client_.loop(), [self = shared_from_this(), done = std::move(done)]() mutable {
      if (self->stopped_) return done(std::nullopt);
      self->client_.async({{"HGETALL", std::string(redis::kNodeLoadsKey)}},
                          [self, done = std::move(done)](Outcome out) {
                            if (auto problem = failure_of(out);
                                !problem.empty() || out.replies.empty()) {
                              log::warn("redis bus loads: {}", problem);
                              return done(std::nullopt);
                            }
                            std::vector<NodeLoad> loads;
                            std::vector<Command> forget;
                            const std::int64_t now = now_ms();
                            const auto& entries = out.replies[0].elements;
                            for (std::size_t i = 0; i + 1 < entries.size(); i += 2) {
                              const std::string& node = entries[i].str;
                              auto entry = redis::decode_node_load(node, entries[i + 1].str);
                              // A node gone for long (killed, so it never removed its entry) is
                              // dropped here.
                              if (!entry || now - entry->first > kForgetLoadAfterMs) {
                                forget.push_back({"HDEL", std::string(redis::kNodeLoadsKey), node});
                                continue;
                              }
                              if (node != self->node_ && now - entry->first <= kStaleAfterMs)
                                loads.push_back(std::move(entry->second));
                            }
                            if (!forget.empty() && !self->stopped_)
                              self->command("loads", std::move(forget));
                            done(std::move(loads));
                          });
    });
  }

  void close_remote_session(UserId user, const std::string& node, const std::string& id) {
    post([frame = encode_close_session(node_, user, id), to = node_channel(node)](Core& self) {
      self.command("publish", {{"PUBLISH", to, frame}});
    });
  }

 private:
  // Runs `f` on the loop unless the bus stopped meanwhile.
  template <class F>
  void post(F&& f) {
    asio::post(client_.loop(), [self = shared_from_this(), f = std::forward<F>(f)]() mutable {
      if (!self->stopped_) f(*self);
    });
  }

  // ---- on the loop

  // A command whose reply only matters when it is a failure.
  void command(const char* what, std::vector<Command> commands) {
    client_.async(std::move(commands), [what](Outcome out) {
      if (auto problem = failure_of(out); !problem.empty())
        log::warn("redis bus {}: {}", what, problem);
    });
  }

  void write_presence(const std::vector<UserId>& users) {
    const std::string stamp = std::to_string(now_ms());
    const std::string ttl = std::to_string(kPresenceTtl.count());
    for (std::size_t at = 0; at < users.size(); at += kPresenceBatch) {
      std::vector<Command> commands;
      for (std::size_t i = at; i < std::min(users.size(), at + kPresenceBatch); ++i) {
        std::string key = presence_key(users[i]);
        commands.push_back({"HSET", key, node_, stamp});
        commands.push_back({"EXPIRE", std::move(key), ttl});
        if (auto it = described_.find(users[i]); it != described_.end()) {
          // Described again on every write: the transport may have been upgraded meanwhile.
          Command hset{"HSET", redis::sessions_key(users[i])};
          for (const auto& [id, weak] : it->second) {
            if (auto session = weak.lock()) {
              hset.push_back(redis::session_field(node_, id));
              hset.push_back(redis::session_value(session->describe()));
            }
          }
          if (hset.size() > 2) commands.push_back(std::move(hset));
          commands.push_back({"EXPIRE", redis::sessions_key(users[i]), ttl});
        }
      }
      command("presence", std::move(commands));
    }
  }

  // This node's figures for the other nodes' admin summary; the rate is sampled here, so a node
  // measures its own messages per minute every 15 s at least.
  void write_load() {
    NodeLoad load;
    {
      std::lock_guard lock(receiver_mutex_);
      if (!receiver_) return;
      load = receiver_->load();
    }
    const std::int64_t now = now_ms();
    load.messages_per_minute = rate_.sample(now, load.messages_stored);
    command("loads",
            {{"HSET", std::string(redis::kNodeLoadsKey), node_, redis::node_load_value(now, load)},
             {"EXPIRE", std::string(redis::kNodeLoadsKey), std::to_string(kPresenceTtl.count())}});
  }

  void schedule_refresh() {
    refresh_.expires_after(kRefreshEvery);
    refresh_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (ec || self->stopped_) return;
      self->write_presence(std::vector<UserId>(self->local_.begin(), self->local_.end()));
      self->write_load();
      self->schedule_refresh();
    });
  }

  // The other nodes with a fresh presence entry in an HGETALL reply.
  std::vector<std::string> fresh_nodes(const Value& reply) const {
    std::vector<std::string> nodes;
    const std::int64_t fresh_after = now_ms() - kStaleAfterMs;
    for (std::size_t i = 0; i + 1 < reply.elements.size(); i += 2) {
      const std::string& node = reply.elements[i].str;
      const std::int64_t stamp = std::atoll(reply.elements[i + 1].str.c_str());
      if (node != node_ && stamp >= fresh_after) nodes.push_back(node);
    }
    return nodes;
  }

  void send_push(UserId user, std::string event, SharedBytes bytes, Bus::ResultCallback done) {
    client_.async({{"HGETALL", presence_key(user)}},
                  [self = shared_from_this(), user, event = std::move(event),
                   bytes = std::move(bytes), done = std::move(done)](Outcome out) mutable {
                    if (self->stopped_) return;
                    if (auto problem = failure_of(out); !problem.empty()) {
                      log::warn("redis bus presence: {}", problem);
                      if (done) done(push_failed);  // unknown: the offline pull will return it
                      return;
                    }
                    auto nodes = self->fresh_nodes(out.replies.front());
                    if (nodes.empty()) {
                      if (done) done(push_offline);
                      return;
                    }
                    self->publish_push(user, event, *bytes, nodes, std::move(done));
                  });
  }

  // To the other nodes that hold `user`; nothing waits for an answer.
  void send_signal(UserId user, std::string frame) {
    client_.async({{"HGETALL", presence_key(user)}},
                  [self = shared_from_this(), frame = std::move(frame)](Outcome out) {
                    if (self->stopped_) return;
                    if (auto problem = failure_of(out); !problem.empty()) {
                      log::warn("redis bus presence: {}", problem);
                      return;
                    }
                    for (const auto& node : self->fresh_nodes(out.replies.front()))
                      self->command("publish", {{"PUBLISH", node_channel(node), frame}});
                  });
  }

  void publish_push(UserId user, const std::string& event, const std::string& bytes,
                    const std::vector<std::string>& nodes, Bus::ResultCallback done) {
    auto fanout = std::make_shared<Fanout>();
    fanout->remaining = nodes.size();
    fanout->done = std::move(done);
    // Registered before publishing: a result may come back before PUBLISH's own reply.
    for (const auto& node : nodes) {
      const std::uint64_t id = ++next_request_;
      fanout->requests.push_back(id);
      pending_[id] = fanout;
      client_.async({{"PUBLISH", node_channel(node), encode_push(id, node_, user, event, bytes)}},
                    [self = shared_from_this(), id](Outcome out) {
                      if (self->stopped_) return;
                      const bool sent = out.ok() && !out.replies.empty() &&
                                        out.replies[0].type == Value::Type::integer &&
                                        out.replies[0].integer > 0;
                      if (sent) return;
                      if (auto problem = failure_of(out); !problem.empty())
                        log::warn("redis bus publish: {}", problem);
                      // Nobody listens on that node's channel: it is gone (its entry has not
                      // expired yet), or Redis did not take the frame.
                      self->resolve(id, push_failed);
                    });
    }
    fanout->timer = std::make_unique<asio::steady_timer>(client_.loop(), result_timeout_);
    fanout->timer->async_wait(
        [self = shared_from_this(), fanout](const boost::system::error_code& ec) {
          if (ec || self->stopped_) return;
          for (auto id : fanout->requests) {
            if (self->pending_.erase(id) == 0) continue;
            log::debug("redis bus: request {} timed out", id);
            if (fanout->report(push_failed)) return;
          }
        });
  }

  void resolve(std::uint64_t id, int status) {
    auto it = pending_.find(id);
    if (it == pending_.end()) return;  // answered or timed out already
    auto fanout = it->second;
    pending_.erase(it);
    if (fanout->report(status) && fanout->timer) fanout->timer->cancel();
  }

  void publish_result(const std::string& to, std::uint64_t id, int status) {
    command("publish", {{"PUBLISH", to, encode_result(id, status)}});
  }

  // A frame from the subscriber connection.
  void incoming(std::string_view bytes) {
    if (stopped_) return;
    auto frame = decode_frame(bytes);
    if (!frame) {
      log::debug("redis bus: ignoring a malformed frame");
      return;
    }
    switch (frame->kind) {
      case redis::BusFrame::Kind::push: {
        auto payload = std::make_shared<const std::string>(std::move(frame->payload));
        // Called by the hub on any thread, possibly after this bus stopped.
        std::weak_ptr<Core> weak = weak_from_this();
        auto reply = [weak, id = frame->request, to = node_channel(frame->node)](int status) {
          if (auto self = weak.lock()) {
            self->post([to, id, status](Core& core) { core.publish_result(to, id, status); });
          }
        };
        std::lock_guard lock(receiver_mutex_);
        if (!receiver_) return reply(push_offline);
        receiver_->deliver_local(frame->user, frame->event, std::move(payload), std::move(reply));
        return;
      }
      case redis::BusFrame::Kind::result:
        resolve(frame->request, frame->status);
        return;
      case redis::BusFrame::Kind::signal: {
        auto payload = std::make_shared<const std::string>(std::move(frame->payload));
        std::lock_guard lock(receiver_mutex_);
        if (receiver_) receiver_->signal_local(frame->user, frame->feature, frame->event, payload);
        return;
      }
      case redis::BusFrame::Kind::close_session: {
        std::lock_guard lock(receiver_mutex_);
        if (receiver_) receiver_->close_session_local(frame->user, frame->session);
        return;
      }
      case redis::BusFrame::Kind::close: {
        if (frame->node == node_) return;  // closed locally already
        std::lock_guard lock(receiver_mutex_);
        if (receiver_) receiver_->close_local(frame->user, frame->token);
        return;
      }
    }
  }

  redis::Client& client_;
  const std::string node_;
  const std::chrono::milliseconds result_timeout_;
  std::unique_ptr<redis::Subscription> subscription_;
  std::mutex receiver_mutex_;
  BusReceiver* receiver_ = nullptr;

  bool stopped_ = false;  // loop only
  asio::steady_timer refresh_;
  std::unordered_set<UserId> local_;
  MessageRateMeter rate_;  // this node's messages per minute, for its im:nodes entry
  // This node's sessions per user, by session id, described on every presence write.
  std::unordered_map<UserId, std::unordered_map<std::string, std::weak_ptr<Session>>> described_;
  std::unordered_map<std::uint64_t, std::shared_ptr<Fanout>> pending_;
  std::uint64_t next_request_ = 0;
};

class RedisBus final : public Bus {
 public:
  RedisBus(const RedisConfig& config, std::chrono::milliseconds ack_timeout)
      : client_(redis::Client::shared(config)),
        core_(std::make_shared<Core>(*client_, make_node_id(), ack_timeout + kResultMargin)) {
    core_->start();
    if (!core_->wait_subscribed(3s))
      log::warn("redis bus: not subscribed yet (Redis unreachable?); retrying in the background");
    log::info("redis bus: node id {}", core_->node());
  }

  ~RedisBus() override {
    core_->attach(nullptr);
    core_->stop();
  }

  const std::string& node_id() const override { return core_->node(); }
  void attach(BusReceiver* receiver) override { core_->attach(receiver); }
  void joined(UserId user) override { core_->joined(user); }
  void left(UserId user) override { core_->left(user); }
  void forward(UserId user, std::string_view event, SharedBytes bytes,
               ResultCallback done) override {
    core_->forward(user, event, std::move(bytes), std::move(done));
  }
  void close_sessions(UserId user, const std::optional<std::string>& token) override {
    core_->close_sessions(user, token);
  }
  void signal(UserId user, Feature feature, std::string_view event, SharedBytes bytes) override {
    core_->signal(user, feature, event, std::move(bytes));
  }
  void held_elsewhere(std::vector<UserId> users, HeldCallback done) override {
    core_->held_elsewhere(std::move(users), std::move(done));
  }
  void session_opened(UserId user, const std::shared_ptr<Session>& session) override {
    core_->session_opened(user, session);
  }
  void session_closed(UserId user, const std::string& id) override {
    core_->session_closed(user, id);
  }
  void remote_sessions(UserId user, SessionsCallback done) override {
    core_->remote_sessions(user, std::move(done));
  }
  void remote_loads(LoadsCallback done) override { core_->remote_loads(std::move(done)); }
  void close_remote_session(UserId user, const std::string& node, const std::string& id) override {
    core_->close_remote_session(user, node, id);
  }

 private:
  std::shared_ptr<redis::Client> client_;  // outlives core_'s use of it
  std::shared_ptr<Core> core_;
};

}  // namespace

std::shared_ptr<Bus> make_redis_bus(const RedisConfig& config,
                                    std::chrono::milliseconds ack_timeout) {
  return std::make_shared<RedisBus>(config, ack_timeout);
}

}  // namespace im::host
