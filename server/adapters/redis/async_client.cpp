#include "server/adapters/redis/async_client.hpp"

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <stdexcept>

#include <fmt/format.h>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "im/log.hpp"
#include "server/adapters/redis/redis_adapters.hpp"

namespace im::host::redis {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

constexpr milliseconds kWatchdogTick{100};

Value copy_reply(const redisReply& r) {
  Value v;
  switch (r.type) {
    case REDIS_REPLY_STRING:
      v.type = Value::Type::string;
      v.str.assign(r.str, r.len);
      break;
    case REDIS_REPLY_STATUS:
      v.type = Value::Type::status;
      v.str.assign(r.str, r.len);
      break;
    case REDIS_REPLY_ERROR:
      v.type = Value::Type::error;
      v.str.assign(r.str, r.len);
      break;
    case REDIS_REPLY_INTEGER:
      v.type = Value::Type::integer;
      v.integer = r.integer;
      break;
    case REDIS_REPLY_ARRAY:
      v.type = Value::Type::array;
      v.elements.reserve(r.elements);
      for (std::size_t i = 0; i < r.elements; ++i) v.elements.push_back(copy_reply(*r.element[i]));
      break;
    default:
      v.type = Value::Type::nil;
      break;
  }
  return v;
}

std::string_view as_view(const redisReply* r) {
  return r && (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS)
             ? std::string_view(r->str, r->len)
             : std::string_view();
}

}  // namespace

// Commands sent back to back, with one completion.
struct Batch {
  std::vector<Command> commands;
  Completion done;
  Clock::time_point deadline;   // from submission: waiting for a connection counts too
  Clock::time_point queued_at;  // when it began to wait for a connection
  Clock::time_point sent_at;
  std::vector<Value> replies;
  std::size_t outstanding = 0;
  std::string error;  // set when a reply is missing
  int retries = 1;    // sent again this many times when its connection dies under it
  std::uint64_t seq = 0;
  RedisConnection* owner = nullptr;
};

// hiredis' event hooks on an Asio stream_descriptor that does not own the socket (hiredis closes
// it). Alive while attached to a context (`self`) and while a wait is outstanding.
struct Watcher : std::enable_shared_from_this<Watcher> {
  Watcher(asio::io_context& io, redisAsyncContext* context, RedisConnection* owner)
      : descriptor(io), ac(context), conn(owner) {}

  asio::posix::stream_descriptor descriptor;
  redisAsyncContext* ac;  // null once hiredis cleaned up
  RedisConnection* conn;
  std::shared_ptr<Watcher> self;
  bool want_read = false, want_write = false;
  bool read_armed = false, write_armed = false;

  static Watcher* of(void* p) { return static_cast<Watcher*>(p); }
  static void add_read(void* p) {
    of(p)->want_read = true;
    of(p)->arm_read();
  }
  static void del_read(void* p) { of(p)->want_read = false; }
  static void add_write(void* p) {
    of(p)->want_write = true;
    of(p)->arm_write();
  }
  static void del_write(void* p) { of(p)->want_write = false; }
  static void cleanup(void* p);

  void arm_read() {
    if (read_armed || !ac) return;
    read_armed = true;
    descriptor.async_wait(asio::posix::stream_descriptor::wait_read,
                          [w = shared_from_this()](const boost::system::error_code& ec) {
                            w->read_armed = false;
                            if (ec || !w->ac || !w->want_read) return;
                            redisAsyncHandleRead(w->ac);  // may free the context
                            if (w->ac && w->want_read) w->arm_read();
                          });
  }

  void arm_write() {
    if (write_armed || !ac) return;
    write_armed = true;
    descriptor.async_wait(asio::posix::stream_descriptor::wait_write,
                          [w = shared_from_this()](const boost::system::error_code& ec) {
                            w->write_armed = false;
                            if (ec || !w->ac || !w->want_write) return;
                            redisAsyncHandleWrite(w->ac);  // may free the context
                            if (w->ac && w->want_write) w->arm_write();
                          });
  }
};

// One hiredis context at a time and its reconnects. Everything but subscribed() and
// wait_subscribed() runs on the loop.
class RedisConnection : public std::enable_shared_from_this<RedisConnection> {
 public:
  RedisConnection(asio::io_context& io, RedisConfig config, ClientOptions options,
                  std::vector<std::string> channels, MessageHandler on_message,
                  std::function<void()> on_subscribed)
      : io_(io),
        config_(std::move(config)),
        options_(options),
        channels_(std::move(channels)),
        on_message_(std::move(on_message)),
        on_subscribed_(std::move(on_subscribed)),
        name_(channels_.empty() ? "redis" : "redis pub/sub"),
        backoff_(options.backoff_min),
        backoff_timer_(io),
        connect_timer_(io),
        resolver_(io),
        watchdog_(io) {}

  ~RedisConnection() = default;  // close() ran on the loop before

  asio::io_context& io() { return io_; }

  void start() {
    schedule_watchdog();
    connect();
  }

  void submit(std::unique_ptr<Batch> batch) {
    switch (state_) {
      case State::closed:
        batch->error = "redis client closed";
        complete(std::move(batch));
        return;
      case State::ready:
        send(std::move(batch));
        return;
      case State::connecting:
        batch->queued_at = Clock::now();
        waiting_.push_back(std::move(batch));
        return;
      case State::idle: {
        // Not connected: a caller does not wait for the background back-off. It gets an attempt
        // now, or (when one started less than backoff_min ago, so that a burst of callers does
        // not hammer a Redis that is down) at the end of that interval.
        const auto now = Clock::now();
        batch->queued_at = now;
        waiting_.push_back(std::move(batch));
        if (now - attempt_started_ >= options_.backoff_min) {
          connect();
        } else {
          retry_at(attempt_started_ + options_.backoff_min);
        }
        return;
      }
    }
  }

  void close() {
    if (state_ == State::closed) return;
    state_ = State::closed;
    backoff_timer_.cancel();
    connect_timer_.cancel();
    watchdog_.cancel();
    resolver_.cancel();
    set_subscribed(false);
    fail_waiting("redis client closed");
    if (ac_) {
      drop_reason_ = "redis client closed";
      redisAsyncFree(ac_);  // in-flight batches fail, then cleanup() -> context_gone()
    }
  }

  bool subscribed() const {
    std::lock_guard lock(subscribed_mutex_);
    return subscribed_;
  }

  bool wait_subscribed(milliseconds timeout) {
    std::unique_lock lock(subscribed_mutex_);
    return subscribed_cv_.wait_for(lock, timeout, [&] { return subscribed_; });
  }

  // From Watcher::cleanup, inside hiredis freeing the context: no hiredis calls here.
  void context_gone(const std::string& why) {
    ac_ = nullptr;
    connect_timer_.cancel();
    set_subscribed(false);
    std::string reason = !why.empty() ? why : !drop_reason_.empty() ? drop_reason_ : "closed";
    if (state_ == State::closed) {
      fail_retries("redis client closed");
      return;
    }
    const bool was_ready = state_ == State::ready;
    state_ = State::idle;
    if (was_ready) {
      log::warn("{}: connection to {}:{} lost ({}); reconnecting", name_, config_.host,
                config_.port, reason);
      // What was in flight goes first on the next connection, then what waits.
      while (!retry_.empty()) {
        waiting_.push_front(std::move(retry_.back()));
        retry_.pop_back();
      }
      backoff_ = options_.backoff_min;
      asio::post(io_, [self = shared_from_this()] {
        if (self->state_ == State::idle) self->connect();
      });
      return;
    }
    attempt_failed(reason);
  }

  // ---- hiredis callbacks (on the loop, inside hiredis)

  static void on_connect(const redisAsyncContext* ac, int status) {
    auto* self = static_cast<RedisConnection*>(ac->data);
    if (status != REDIS_OK) return;  // hiredis frees the context next: context_gone()
    self->handshake();
  }

  static void on_reply(redisAsyncContext* ac, void* reply, void* privdata) {
    auto* batch = static_cast<Batch*>(privdata);
    if (reply) {
      batch->replies.push_back(copy_reply(*static_cast<redisReply*>(reply)));
    } else if (batch->error.empty()) {
      batch->error = ac->err && ac->errstr                 ? std::string(ac->errstr)
                     : !batch->owner->drop_reason_.empty() ? batch->owner->drop_reason_
                                                           : std::string("connection lost");
    }
    if (--batch->outstanding == 0) batch->owner->finish(batch);
  }

  static void on_subscribe(redisAsyncContext*, void* reply, void* privdata) {
    auto* self = static_cast<RedisConnection*>(privdata);
    const auto* r = static_cast<const redisReply*>(reply);
    if (!r || self->state_ != State::ready) return;  // null: the context is going away
    if (r->type != REDIS_REPLY_ARRAY || r->elements < 3) return;
    const std::string_view kind = as_view(r->element[0]);
    if (kind == "subscribe") {
      if (++self->confirmed_ == self->channels_.size()) {
        log::info("{}: subscribed to {} channel(s)", self->name_, self->channels_.size());
        self->set_subscribed(true);
        if (self->on_subscribed_) self->on_subscribed_();
      }
      return;
    }
    if (kind != "message" || !self->on_message_) return;
    try {
      self->on_message_(as_view(r->element[1]), as_view(r->element[2]));
    } catch (const std::exception& e) {
      log::warn("{}: message handler: {}", self->name_, e.what());
    }
  }

 private:
  enum class State { idle, connecting, ready, closed };

  void connect() {
    if (state_ == State::closed) return;
    attempt_started_ = Clock::now();
    backoff_timer_.cancel();
    state_ = State::connecting;
    ++generation_;
    drop_reason_.clear();
    // hiredis resolves names with a blocking getaddrinfo: an address goes straight to it, a name
    // is resolved by Asio first (off the loop), so a slow DNS server never stalls the loop.
    boost::system::error_code literal;
    asio::ip::make_address(config_.host, literal);
    if (!literal) return open(config_.host);
    resolver_.async_resolve(
        config_.host, std::to_string(config_.port),
        [self = shared_from_this(), generation = generation_](
            const boost::system::error_code& ec,
            const asio::ip::tcp::resolver::results_type& found) {
          if (generation != self->generation_ || self->state_ != State::connecting) return;
          if (ec || found.empty()) {
            self->state_ = State::idle;
            self->attempt_failed(fmt::format("resolving {}: {}", self->config_.host,
                                             ec ? ec.message() : "no address"));
            return;
          }
          self->open(found.begin()->endpoint().address().to_string());
        });
  }

  // Connects to `address` (an IP address) at the configured port.
  void open(const std::string& address) {
    redisAsyncContext* ac = redisAsyncConnect(address.c_str(), config_.port);
    if (!ac || ac->err) {
      std::string why = ac && ac->errstr ? ac->errstr : "out of memory";
      if (ac) redisAsyncFree(ac);  // no hooks attached yet
      state_ = State::idle;
      attempt_failed(why);
      return;
    }
    auto watcher = std::make_shared<Watcher>(io_, ac, this);
    boost::system::error_code ec;
    watcher->descriptor.assign(ac->c.fd, ec);
    if (ec) {
      redisAsyncFree(ac);
      state_ = State::idle;
      attempt_failed(ec.message());
      return;
    }
    watcher->self = watcher;
    ac->data = this;
    ac->ev.data = watcher.get();
    ac->ev.addRead = &Watcher::add_read;
    ac->ev.delRead = &Watcher::del_read;
    ac->ev.addWrite = &Watcher::add_write;
    ac->ev.delWrite = &Watcher::del_write;
    ac->ev.cleanup = &Watcher::cleanup;
    ac_ = ac;
    redisAsyncSetConnectCallback(ac,
                                 &RedisConnection::on_connect);  // waits for the first write event

    connect_timer_.expires_after(options_.connect_timeout);
    connect_timer_.async_wait([self = shared_from_this(),
                               generation = generation_](const boost::system::error_code& e) {
      if (e || generation != self->generation_ || self->state_ != State::connecting) return;
      self->drop(fmt::format("no connection within {} ms", self->options_.connect_timeout.count()));
    });
  }

  // AUTH (S17) and SELECT before anything else; the commands waiting go out after their replies.
  void handshake() {
    std::vector<Command> commands;
    if (!config_.username.empty() || !config_.password.empty()) {
      Command auth{"AUTH"};
      if (!config_.username.empty()) auth.push_back(config_.username);
      auth.push_back(config_.password);
      commands.push_back(std::move(auth));
    }
    if (config_.db != 0 && channels_.empty())
      commands.push_back({"SELECT", std::to_string(config_.db)});
    if (commands.empty()) return become_ready();

    auto batch = std::make_unique<Batch>();
    batch->commands = std::move(commands);
    batch->deadline = Clock::now() + options_.connect_timeout;
    batch->retries = 0;
    batch->done = [self = shared_from_this(), generation = generation_](Outcome out) {
      if (generation != self->generation_ || self->state_ != State::connecting) return;
      if (out.ok()) {
        for (std::size_t i = 0; i < out.replies.size(); ++i) {
          if (out.replies[i].is_error())
            out.error = (i == 0 ? "AUTH: " : "SELECT: ") + out.replies[i].str;
        }
      }
      if (!out.ok()) {
        self->fail_waiting("redis refused the connection: " + out.error);
        self->drop(out.error);  // a failed attempt: back-off
        return;
      }
      self->become_ready();
    };
    send(std::move(batch));
  }

  void become_ready() {
    state_ = State::ready;
    backoff_ = options_.backoff_min;
    if (!announced_ || outage_) {
      log::info("{}: connected to {}:{}", name_, config_.host, config_.port);
      announced_ = true;
      outage_ = false;
    }
    if (!channels_.empty()) {
      confirmed_ = 0;
      std::vector<const char*> argv{"SUBSCRIBE"};
      std::vector<std::size_t> lens{9};
      for (const auto& c : channels_) {
        argv.push_back(c.data());
        lens.push_back(c.size());
      }
      redisAsyncCommandArgv(ac_, &RedisConnection::on_subscribe, this,
                            static_cast<int>(argv.size()), argv.data(), lens.data());
    }
    while (!waiting_.empty() && state_ == State::ready) {
      auto batch = std::move(waiting_.front());
      waiting_.pop_front();
      send(std::move(batch));
    }
  }

  void send(std::unique_ptr<Batch> owned) {
    Batch* batch = owned.release();  // owned by inflight_ until finish()
    batch->owner = this;
    batch->seq = ++seq_;
    batch->sent_at = Clock::now();
    batch->replies.clear();
    batch->error.clear();
    batch->outstanding = batch->commands.size();
    inflight_.emplace(batch->seq, batch);
    std::vector<const char*> argv;
    std::vector<std::size_t> lens;
    std::size_t refused = 0;
    for (const auto& command : batch->commands) {
      argv.clear();
      lens.clear();
      for (const auto& arg : command) {
        argv.push_back(arg.data());
        lens.push_back(arg.size());
      }
      if (redisAsyncCommandArgv(ac_, &RedisConnection::on_reply, batch,
                                static_cast<int>(argv.size()), argv.data(),
                                lens.data()) != REDIS_OK) {
        ++refused;  // the context is going away; its callback will not run
      }
    }
    if (refused > 0) {
      batch->error = "connection closing";
      batch->outstanding -= refused;
    }
    if (batch->outstanding == 0) finish(batch);
  }

  void finish(Batch* raw) {
    std::unique_ptr<Batch> batch(raw);
    inflight_.erase(batch->seq);
    if (!batch->error.empty() && batch->retries > 0 && state_ != State::closed &&
        Clock::now() < batch->deadline) {
      --batch->retries;  // lost with its connection: once more on the next one
      retry_.push_back(std::move(batch));
      return;
    }
    complete(std::move(batch));
  }

  void complete(std::unique_ptr<Batch> batch) {
    if (!batch->done) return;
    asio::post(io_, [done = std::move(batch->done),
                     out = Outcome{std::move(batch->error), std::move(batch->replies)}]() mutable {
      done(std::move(out));
    });
  }

  void fail_waiting(const std::string& error) {
    fail_retries(error);
    while (!waiting_.empty()) {
      auto batch = std::move(waiting_.front());
      waiting_.pop_front();
      batch->error = error;
      complete(std::move(batch));
    }
  }

  void fail_retries(const std::string& error) {
    for (auto& batch : retry_) {
      batch->error = error;
      complete(std::move(batch));
    }
    retry_.clear();
  }

  void attempt_failed(const std::string& why) {
    if (!outage_) {
      log::warn("{}: cannot connect to {}:{} ({}); retrying every {} ms at most", name_,
                config_.host, config_.port, why, options_.backoff_max.count());
      outage_ = true;
    } else {
      log::debug("{}: cannot connect to {}:{} ({})", name_, config_.host, config_.port, why);
    }
    // What waited for this attempt fails; what came during it gets the next one.
    const std::string error = "redis unavailable: " + why;
    fail_retries(error);
    for (auto it = waiting_.begin(); it != waiting_.end();) {
      if ((*it)->queued_at > attempt_started_) {
        ++it;
        continue;
      }
      auto batch = std::move(*it);
      it = waiting_.erase(it);
      batch->error = error;
      complete(std::move(batch));
    }
    if (!waiting_.empty()) {
      retry_at(attempt_started_ + options_.backoff_min);
    } else {
      retry_at(Clock::now() + backoff_);
      backoff_ = std::min(backoff_ * 2, options_.backoff_max);
    }
  }

  // The next attempt (replaces the one planned).
  void retry_at(Clock::time_point when) {
    backoff_timer_.expires_at(when);
    backoff_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (!ec && self->state_ == State::idle) self->connect();
    });
  }

  // From a clean stack only (a timer or a posted handler), never inside a hiredis callback.
  void drop(const std::string& reason) {
    if (!ac_) return;
    drop_reason_ = reason;
    redisAsyncFree(ac_);
  }

  void schedule_watchdog() {
    watchdog_.expires_after(kWatchdogTick);
    watchdog_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (ec || self->state_ == State::closed) return;
      self->check_deadlines();
      self->schedule_watchdog();
    });
  }

  void check_deadlines() {
    const auto now = Clock::now();
    for (auto it = waiting_.begin(); it != waiting_.end();) {
      if ((*it)->deadline > now) {
        ++it;
        continue;
      }
      auto batch = std::move(*it);
      it = waiting_.erase(it);
      batch->error = fmt::format("not connected within {} ms", options_.command_timeout.count());
      complete(std::move(batch));
    }
    // Replies come in order: when the oldest is overdue the connection is stuck; replace it.
    if (!inflight_.empty() && inflight_.begin()->second->sent_at + options_.command_timeout <= now)
      drop(fmt::format("no reply within {} ms", options_.command_timeout.count()));
  }

  void set_subscribed(bool value) {
    std::lock_guard lock(subscribed_mutex_);
    subscribed_ = value;
    subscribed_cv_.notify_all();
  }

  asio::io_context& io_;
  const RedisConfig config_;
  const ClientOptions options_;
  const std::vector<std::string> channels_;  // empty: the command connection
  const MessageHandler on_message_;
  const std::function<void()> on_subscribed_;
  const std::string name_;

  State state_ = State::idle;
  redisAsyncContext* ac_ = nullptr;
  std::uint64_t generation_ = 0;  // one per context
  std::uint64_t seq_ = 0;
  std::map<std::uint64_t, Batch*> inflight_;  // by send order
  std::deque<std::unique_ptr<Batch>> waiting_;
  std::vector<std::unique_ptr<Batch>> retry_;  // lost with the context being freed
  std::string drop_reason_;
  Clock::time_point attempt_started_{};
  milliseconds backoff_;
  bool outage_ = false;
  bool announced_ = false;
  std::size_t confirmed_ = 0;
  asio::steady_timer backoff_timer_;
  asio::steady_timer connect_timer_;
  asio::ip::tcp::resolver resolver_;
  asio::steady_timer watchdog_;

  mutable std::mutex subscribed_mutex_;
  std::condition_variable subscribed_cv_;
  bool subscribed_ = false;
};

void Watcher::cleanup(void* p) {
  Watcher* w = of(p);
  auto keep = std::move(w->self);  // outstanding waits may hold it longer
  redisAsyncContext* ac = w->ac;
  w->ac = nullptr;
  w->want_read = w->want_write = false;
  w->descriptor.release();  // cancels the waits; hiredis closes the socket
  std::string why = ac && ac->err && ac->errstr ? ac->errstr : "";
  if (w->conn) w->conn->context_gone(why);
}

// ---- Subscription

Subscription::Subscription(std::shared_ptr<RedisConnection> connection)
    : connection_(std::move(connection)) {}

Subscription::~Subscription() {
  if (connection_->io().get_executor().running_in_this_thread()) {
    connection_->close();
  } else {
    asio::post(connection_->io(), [c = connection_] { c->close(); });
  }
}

bool Subscription::subscribed() const {
  return connection_->subscribed();
}

bool Subscription::wait_subscribed(milliseconds timeout) {
  return connection_->wait_subscribed(timeout);
}

void Subscription::close() {
  connection_->close();
}

// ---- Client

std::shared_ptr<Client> Client::shared(const RedisConfig& config) {
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<Client>> clients;
  const std::string key = fmt::format("{}\n{}\n{}\n{}\n{}", config.host, config.port, config.db,
                                      config.username, config.password);
  std::lock_guard lock(mutex);
  std::erase_if(clients, [](const auto& entry) { return entry.second.expired(); });
  auto& slot = clients[key];
  if (auto client = slot.lock()) return client;
  auto client = std::make_shared<Client>(config);
  slot = client;
  return client;
}

Client::Client(RedisConfig config, ClientOptions options)
    : config_(std::move(config)),
      options_(options),
      work_(io_.get_executor()),
      commands_(std::make_shared<RedisConnection>(io_, config_, options_,
                                                  std::vector<std::string>{}, nullptr, nullptr)) {
  asio::post(io_, [c = commands_] { c->start(); });
  thread_ = std::thread([this] { io_.run(); });
}

Client::~Client() {
  asio::post(io_, [this] {
    commands_->close();
    std::lock_guard lock(subscriptions_mutex_);
    for (auto& weak : subscriptions_) {
      if (auto c = weak.lock()) c->close();
    }
  });
  work_.reset();
  thread_.join();
}

bool Client::on_loop() const {
  return const_cast<asio::io_context&>(io_).get_executor().running_in_this_thread();
}

void Client::async(std::vector<Command> commands, Completion done) {
  auto batch = std::make_unique<Batch>();
  batch->commands = std::move(commands);
  batch->done = std::move(done);
  batch->deadline = Clock::now() + options_.command_timeout;
  asio::post(io_,
             [c = commands_, batch = std::move(batch)]() mutable { c->submit(std::move(batch)); });
}

std::vector<Value> Client::run_batch(std::vector<Command> commands) {
  if (on_loop()) throw std::logic_error("redis: a blocking call on the Redis loop");
  struct Waiter {
    std::mutex mutex;
    std::condition_variable cv;
    bool done = false;
    Outcome out;
  };
  auto waiter = std::make_shared<Waiter>();
  std::vector<std::string> names;
  for (const auto& c : commands) names.push_back(c.empty() ? std::string() : c.front());
  async(std::move(commands), [waiter](Outcome out) {
    std::lock_guard lock(waiter->mutex);
    waiter->out = std::move(out);
    waiter->done = true;
    waiter->cv.notify_all();
  });
  std::unique_lock lock(waiter->mutex);
  // The loop fails the batch at its deadline; the margin only covers a loop that is stuck.
  if (!waiter->cv.wait_for(lock, options_.command_timeout + kWatchdogTick * 3,
                           [&] { return waiter->done; })) {
    throw RedisUnavailable(fmt::format("redis {}: no reply within {} ms",
                                       names.empty() ? "" : names.front(),
                                       options_.command_timeout.count()));
  }
  Outcome out = std::move(waiter->out);
  if (!out.ok()) {
    throw RedisUnavailable(
        fmt::format("redis {}: {}", names.empty() ? "" : names.front(), out.error));
  }
  for (std::size_t i = 0; i < out.replies.size(); ++i) {
    if (out.replies[i].is_error())
      throw RedisUnavailable(fmt::format("redis {}: {}", names[i], out.replies[i].str));
  }
  return std::move(out.replies);
}

Value Client::run(Command command) {
  std::vector<Command> commands;
  commands.push_back(std::move(command));
  auto replies = run_batch(std::move(commands));
  return replies.empty() ? Value{} : std::move(replies.front());
}

std::unique_ptr<Subscription> Client::subscribe(std::vector<std::string> channels,
                                                MessageHandler on_message,
                                                std::function<void()> on_subscribed) {
  auto connection = std::make_shared<RedisConnection>(
      io_, config_, options_, std::move(channels), std::move(on_message), std::move(on_subscribed));
  {
    std::lock_guard lock(subscriptions_mutex_);
    std::erase_if(subscriptions_, [](const auto& w) { return w.expired(); });
    subscriptions_.push_back(connection);
  }
  asio::post(io_, [connection] { connection->start(); });
  return std::make_unique<Subscription>(connection);
}

}  // namespace im::host::redis
