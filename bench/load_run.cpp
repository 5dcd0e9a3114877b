#include "bench/load_run.hpp"

#include <charconv>
#include <chrono>
#include <condition_variable>
#include <limits>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>
#include <thread>

#include <fmt/core.h>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "bench/connector.hpp"
#include "im/codec.hpp"

namespace im::bench {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Start/ready rendezvous between the main thread and the workers.
struct Rendezvous {
  std::mutex mutex;
  std::condition_variable cv;
  int ready = 0;
  int finished = 0;
};

// What one worker thread owns: an io_context, whole units of connections (so that both ends of
// every exchange are local and need no locking), its share of the load and its own counters.
class Worker final : public ImConnection::Handler {
 public:
  Worker(const Options& o, const Target& target, Rendezvous& rv, std::string nonce)
      : o_(o),
        target_(target),
        rv_(rv),
        nonce_(std::move(nonce)),
        io_(1),
        guard_(asio::make_work_guard(io_)),
        connector_(static_cast<std::size_t>(o.connect_concurrency)),
        tick_(io_),
        deadline_(io_),
        drain_(io_) {}

  void add_socket(const SocketPlan& plan, std::size_t global_index, int source_addrs) {
    const std::size_t index = conns_.size();
    auto c = std::make_shared<ImConnection>(
        io_, target_, source_address(global_index, source_addrs), *plan.user, *this, index);
    conns_.push_back(c);
    senders_.push_back(Sender{});
    auto& s = senders_.back();
    s.plan = plan;
    s.global_index = global_index;
    if (plan.sends) {
      s.sent_at.assign(static_cast<std::size_t>(o_.window), 0);
      sending_.push_back(index);
    }
    connector_.add(c);
  }

  std::size_t sender_count() const { return sending_.size(); }

  void launch() {
    thread_ = std::thread([this] { io_.run(); });
    asio::post(io_, [this] {
      if (conns_.empty()) return announce_ready();
      connector_.start();
    });
  }

  void begin(std::int64_t t0_ns, std::uint64_t quota, double rate) {
    asio::post(io_, [this, t0_ns, quota, rate] {
      t0_ = t0_ns;
      quota_ = quota;
      rate_ = rate;
      running_ = true;
      if (o_.messages == 0) {
        deadline_.expires_after(std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(o_.duration_s)));
        deadline_.async_wait([this](boost::system::error_code ec) {
          if (!ec) stop_sending();
        });
      }
      if (quota_ == 0) return stop_sending();
      if (rate_ > 0) {
        schedule_tick();
      } else {
        for (std::size_t k = 0; k < sending_.size() && running_; ++k)
          while (running_ && senders_[sending_[k]].in_flight < o_.window) send_one(sending_[k]);
      }
    });
  }

  // Ends the run on this worker now (e.g. the main thread gave up).
  void abort() {
    asio::post(io_, [this] { finish(); });
  }

  void join() {
    if (thread_.joinable()) thread_.join();
  }

  MessageResult& result() { return r_; }
  std::int64_t last_send_ns() const { return last_send_; }
  std::int64_t last_ack_ns() const { return last_ack_; }
  std::int64_t last_push_ns() const { return last_push_; }

  // ImConnection::Handler
  void on_connected(ImConnection&) override {
    ++r_.connections;
    settle_one();
  }
  void on_failed(ImConnection& c, std::string_view why) override {
    if (!running_ && !finished_ && !ready_announced_) {
      ++r_.connect_failures;
      if (r_.connect_failures <= 3)
        fmt::print(stderr, "im_bench: connection {} failed: {}\n", c.user().id, why);
      settle_one();
      return;
    }
    if (finished_) return;
    ++r_.dropped;
    if (r_.dropped <= 3) fmt::print(stderr, "im_bench: connection {} lost: {}\n", c.user().id, why);
    // Its outstanding messages will never be acked: stop waiting for them.
    auto& s = senders_[c.index()];
    lost_in_flight_ += static_cast<std::uint64_t>(s.in_flight);
    s.in_flight = 0;
    check_done();
  }
  void on_ack(ImConnection& c, std::uint64_t ack_id, bool ok) override {
    const std::int64_t now = now_ns();
    auto& s = senders_[c.index()];
    r_.ack_latency.add((now - s.sent_at[ack_id % s.sent_at.size()]) / 1000);
    if (s.in_flight > 0) --s.in_flight;
    if (ok) {
      ++r_.acked;
      r_.expected_pushes += static_cast<std::uint64_t>(s.plan.pushes_per_message);
    } else {
      ++r_.ack_errors;
    }
    last_ack_ = now;
    if (running_ && rate_ <= 0) send_one(c.index());
    check_done();
  }
  void on_push(ImConnection&, std::string_view bytes) override {
    const std::int64_t now = now_ns();
    auto down = codec::decode_message_down(bytes);
    std::int64_t sent = 0;
    if (!down ||
        std::from_chars(down->content.data(), down->content.data() + down->content.size(), sent)
                .ec != std::errc{}) {
      ++r_.bad_pushes;
      return;
    }
    r_.delivery_latency.add((now - sent) / 1000);
    ++r_.delivered;
    last_push_ = now;
    check_done();
  }
  void on_exception(ImConnection& c) override {
    ++r_.exceptions;
    auto& s = senders_[c.index()];
    if (s.in_flight > 0) --s.in_flight;
    check_done();
  }

 private:
  struct Sender {
    SocketPlan plan;
    std::vector<std::int64_t> sent_at;  // by ack id modulo the window (senders only)
    int in_flight = 0;
    std::uint64_t seq = 0;
    std::size_t global_index = 0;
  };

  void settle_one() {
    connector_.settled();
    if (connector_.settled_count() == conns_.size()) announce_ready();
  }

  void announce_ready() {
    if (ready_announced_) return;
    ready_announced_ = true;
    std::lock_guard lock(rv_.mutex);
    ++rv_.ready;
    rv_.cv.notify_all();
  }

  bool send_one(std::size_t i) {
    if (!running_ || r_.sent >= quota_) return false;
    auto& s = senders_[i];
    auto& c = *conns_[i];
    if (!c.connected() || s.in_flight >= o_.window) return false;
    const std::int64_t now = now_ns();
    codec::MessageUp m;
    m.msg_id = fmt::format("{}-{}-{}", nonce_, s.global_index, s.seq++);
    m.sender = c.user().id;
    m.receiver = s.plan.receiver;
    m.group_id = s.plan.group_id;
    m.type = "text";
    m.content = std::to_string(now);
    m.content.resize(static_cast<std::size_t>(o_.content_bytes), ' ');
    m.timer = wall_ms();
    const std::uint64_t id = c.send_message(codec::encode(m));
    s.sent_at[id % s.sent_at.size()] = now;
    ++s.in_flight;
    ++r_.sent;
    last_send_ = now;
    if (r_.sent >= quota_) stop_sending();
    return true;
  }

  void schedule_tick() {
    tick_.expires_after(std::chrono::milliseconds(1));
    tick_.async_wait([this](boost::system::error_code ec) {
      if (ec || !running_) return;
      on_tick();
      if (running_) schedule_tick();
    });
  }

  // Open loop: send what the clock says is due, round-robin over senders with window room.
  void on_tick() {
    const double elapsed = static_cast<double>(now_ns() - t0_) / 1e9;
    const auto due = static_cast<std::uint64_t>(rate_ * elapsed);
    std::size_t scanned = 0;
    while (running_ && r_.sent < due && scanned < sending_.size()) {
      const std::size_t i = sending_[rr_];
      rr_ = (rr_ + 1) % sending_.size();
      if (send_one(i)) {
        scanned = 0;
      } else {
        ++scanned;
      }
    }
    if (running_ && r_.sent < due) ++r_.window_stalls;
  }

  void stop_sending() {
    if (!running_) return;
    running_ = false;
    tick_.cancel();
    deadline_.cancel();
    drain_.expires_after(std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(o_.drain_timeout_s)));
    drain_.async_wait([this](boost::system::error_code ec) {
      if (!ec) finish();
    });
    check_done();
  }

  void check_done() {
    if (running_ || finished_ || !t0_) return;
    const std::uint64_t answered = r_.acked + r_.ack_errors + r_.exceptions + lost_in_flight_;
    if (answered >= r_.sent && r_.delivered >= r_.expected_pushes) finish();
  }

  void finish() {
    if (finished_) return;
    finished_ = true;
    running_ = false;
    tick_.cancel();
    deadline_.cancel();
    drain_.cancel();
    {
      std::lock_guard lock(rv_.mutex);
      ++rv_.finished;
      rv_.cv.notify_all();
    }
    for (auto& c : conns_) c->close();
    guard_.reset();
  }

  const Options& o_;
  const Target& target_;
  Rendezvous& rv_;
  std::string nonce_;
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> guard_;
  Connector connector_;
  asio::steady_timer tick_;
  asio::steady_timer deadline_;
  asio::steady_timer drain_;
  std::vector<std::shared_ptr<ImConnection>> conns_;
  std::vector<Sender> senders_;       // by connection index
  std::vector<std::size_t> sending_;  // connection indices of the senders
  std::thread thread_;
  MessageResult r_;
  std::int64_t t0_ = 0;
  std::uint64_t quota_ = 0;
  double rate_ = 0;
  std::size_t rr_ = 0;
  std::uint64_t lost_in_flight_ = 0;
  std::int64_t last_send_ = 0;
  std::int64_t last_ack_ = 0;
  std::int64_t last_push_ = 0;
  bool running_ = false;
  bool finished_ = false;
  bool ready_announced_ = false;
};

std::string make_nonce() {
  std::mt19937_64 rng(std::random_device{}() ^ static_cast<std::uint64_t>(now_ns()));
  return fmt::format("b{:012x}", rng() & 0xffffffffffffULL);
}

}  // namespace

MessageResult run_load(const Options& o, const Target& target, const std::vector<SocketUnit>& units,
                       const PhaseHooks& hooks) {
  Rendezvous rv;
  const std::string nonce = make_nonce();
  std::size_t socket_count = 0;
  for (const auto& u : units) socket_count += u.size();
  const int source_addrs =
      o.source_addrs > 0 ? o.source_addrs : auto_source_addresses(socket_count);
  std::vector<std::unique_ptr<Worker>> workers;
  const std::size_t thread_count = std::max<std::size_t>(
      1, std::min<std::size_t>(static_cast<std::size_t>(o.threads), units.size()));
  for (std::size_t t = 0; t < thread_count; ++t)
    workers.push_back(std::make_unique<Worker>(o, target, rv, nonce));
  std::size_t global = 0;
  for (std::size_t u = 0; u < units.size(); ++u)
    for (const auto& plan : units[u])
      workers[u % workers.size()]->add_socket(plan, global++, source_addrs);

  for (auto& w : workers) w->launch();
  bool all_ready = false;
  {
    std::unique_lock lock(rv.mutex);
    all_ready = rv.cv.wait_for(lock, std::chrono::seconds(120),
                               [&] { return rv.ready == static_cast<int>(workers.size()); });
  }
  MessageResult total;
  int failures = 0;
  for (auto& w : workers) failures += w->result().connect_failures;
  if (!all_ready || failures > 0) {
    for (auto& w : workers) w->abort();
    for (auto& w : workers) w->join();
    for (auto& w : workers) {
      total.connections += w->result().connections;
      total.connect_failures += w->result().connect_failures;
    }
    if (!all_ready) ++total.connect_failures;
    return total;
  }

  if (hooks.on_start) hooks.on_start();
  const std::int64_t t0 = now_ns();
  // Split the count and the rate by each worker's share of the senders.
  std::uint64_t handed_out = 0;
  std::uint64_t all = 0;
  for (auto& w : workers) all += w->sender_count();
  if (all == 0) throw std::runtime_error("the load has no sending socket");
  for (std::size_t t = 0; t < workers.size(); ++t) {
    const auto mine = static_cast<std::uint64_t>(workers[t]->sender_count());
    std::uint64_t quota = std::numeric_limits<std::uint64_t>::max();
    if (o.messages > 0) {
      quota = t + 1 == workers.size() ? o.messages - handed_out : o.messages * mine / all;
      handed_out += quota;
    }
    workers[t]->begin(t0, quota, o.rate * static_cast<double>(mine) / static_cast<double>(all));
  }
  {
    std::unique_lock lock(rv.mutex);
    rv.cv.wait(lock, [&] { return rv.finished == static_cast<int>(workers.size()); });
  }
  if (hooks.on_end) hooks.on_end();
  for (auto& w : workers) w->join();

  std::int64_t last_send = t0, last_ack = t0, last_push = t0;
  for (auto& w : workers) {
    auto& r = w->result();
    total.connections += r.connections;
    total.connect_failures += r.connect_failures;
    total.sent += r.sent;
    total.acked += r.acked;
    total.ack_errors += r.ack_errors;
    total.exceptions += r.exceptions;
    total.delivered += r.delivered;
    total.expected_pushes += r.expected_pushes;
    total.bad_pushes += r.bad_pushes;
    total.dropped += r.dropped;
    total.window_stalls += r.window_stalls;
    total.ack_latency.merge(r.ack_latency);
    total.delivery_latency.merge(r.delivery_latency);
    last_send = std::max(last_send, w->last_send_ns());
    last_ack = std::max(last_ack, w->last_ack_ns());
    last_push = std::max(last_push, w->last_push_ns());
  }
  total.send_phase_s = static_cast<double>(last_send - t0) / 1e9;
  total.ack_span_s = static_cast<double>(last_ack - t0) / 1e9;
  total.delivery_span_s = static_cast<double>(last_push - t0) / 1e9;
  return total;
}

}  // namespace im::bench
