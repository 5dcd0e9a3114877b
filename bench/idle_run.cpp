#include "bench/idle_run.hpp"

#include <chrono>

#include <fmt/core.h>
#include <boost/asio/steady_timer.hpp>

#include "bench/connector.hpp"

namespace im::bench {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

Clock::duration seconds(double s) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

class IdleFleet final : public ImConnection::Handler {
 public:
  IdleFleet(const Options& o, const Target& target, const std::vector<User>& users,
            const std::function<std::optional<std::int64_t>()>& sample_rss)
      : o_(o),
        sample_rss_(sample_rss),
        io_(1),
        connector_(static_cast<std::size_t>(o.connect_concurrency)),
        timer_(io_) {
    const int sources = o.source_addrs > 0
                            ? o.source_addrs
                            : auto_source_addresses(static_cast<std::size_t>(o.idle));
    for (int i = 0; i < o.idle; ++i) {
      const auto idx = static_cast<std::size_t>(i);
      auto c = std::make_shared<ImConnection>(io_, target, source_address(idx, sources),
                                              users[idx % users.size()], *this, idx);
      conns_.push_back(c);
      connector_.add(c);
    }
    r_.requested = o.idle;
  }

  IdleResult run() {
    r_.rss_before_kib = sample_rss_();
    started_ = Clock::now();
    connector_.start();
    // Bounded: give up on stragglers after two minutes.
    timer_.expires_after(std::chrono::minutes(2));
    timer_.async_wait([this](boost::system::error_code ec) {
      if (!ec) all_settled();
    });
    io_.run();
    return r_;
  }

  void on_connected(ImConnection&) override {
    ++r_.connected;
    settle_one();
  }
  void on_failed(ImConnection& c, std::string_view why) override {
    if (measuring_done_) return;
    if (settled_all_) {
      ++r_.dropped;
      return;
    }
    ++r_.failed;
    if (r_.failed <= 3) fmt::print(stderr, "im_bench: connection {} failed: {}\n", c.index(), why);
    settle_one();
  }
  void on_ack(ImConnection&, std::uint64_t, bool) override {}
  void on_push(ImConnection&, std::string_view) override {}
  void on_exception(ImConnection&) override {}

 private:
  void settle_one() {
    connector_.settled();
    if (connector_.settled_count() == conns_.size()) all_settled();
  }

  void all_settled() {
    if (settled_all_) return;
    settled_all_ = true;
    r_.connect_s = std::chrono::duration<double>(Clock::now() - started_).count();
    timer_.cancel();
    timer_.expires_after(seconds(o_.settle_s));
    timer_.async_wait([this](boost::system::error_code) {
      r_.rss_after_kib = sample_rss_();
      timer_.expires_after(seconds(o_.hold_s));
      timer_.async_wait([this](boost::system::error_code) {
        measuring_done_ = true;
        for (auto& c : conns_) c->close();
      });
    });
  }

  const Options& o_;
  const std::function<std::optional<std::int64_t>()>& sample_rss_;
  asio::io_context io_;
  Connector connector_;
  asio::steady_timer timer_;
  std::vector<std::shared_ptr<ImConnection>> conns_;
  IdleResult r_;
  Clock::time_point started_;
  bool settled_all_ = false;
  bool measuring_done_ = false;
};

}  // namespace

IdleResult run_idle(const Options& options, const Target& target, const std::vector<User>& users,
                    const std::function<std::optional<std::int64_t>()>& sample_rss) {
  IdleFleet fleet(options, target, users, sample_rss);
  return fleet.run();
}

}  // namespace im::bench
