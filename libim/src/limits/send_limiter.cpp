#include "im/send_limiter.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace im {

namespace {

std::int64_t steady_micros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

struct Bucket {
  std::int64_t tat = 0;         // theoretical arrival time of the next message (µs)
  std::int64_t unreported = 0;  // taken since the last report to the shared buckets
};

constexpr std::size_t kShards = 64;  // kShardBits bits of the user's hash
constexpr int kShardBits = 6;
constexpr std::size_t kFirstSweep = 1024;

}  // namespace

struct SendLimiter::State {
  struct alignas(64) Shard {
    std::mutex mutex;
    std::unordered_map<UserId, Bucket> buckets;
    std::size_t sweep_at = kFirstSweep;
  };

  std::int64_t interval = 0;   // µs per message
  std::int64_t tolerance = 0;  // how far tat may run ahead of now: burst * interval
  std::int64_t report_every = 0;
  std::shared_ptr<SharedSendBuckets> shared;
  NowMicros now;
  std::array<Shard, kShards> shards;
  std::atomic<std::int64_t> next_report{0};
  std::atomic<bool> reporting{false};

  Shard& shard_of(UserId user) {
    // Fibonacci hashing: consecutive ids land on different shards.
    return shards[(static_cast<std::uint64_t>(user) * 0x9E3779B97F4A7C15ull) >> (64 - kShardBits)];
  }

  // Drops buckets that are full again and have nothing to report; amortised over the inserts.
  static void sweep(Shard& s, std::int64_t now) {
    std::erase_if(s.buckets, [now](const auto& entry) {
      return entry.second.tat <= now && entry.second.unreported == 0;
    });
    s.sweep_at = std::max(kFirstSweep, 2 * s.buckets.size());
  }

  // The local bucket runs at least as far ahead as the shared one: what other nodes took
  // counts here too (this node's own reported messages are in both, hence max, not a sum).
  void apply(const std::vector<SharedSendBuckets::Charge>& sent,
             const std::vector<std::int64_t>& ahead) {
    const std::int64_t t = now();
    for (std::size_t i = 0; i < sent.size() && i < ahead.size(); ++i) {
      if (ahead[i] <= 0) continue;
      Shard& s = shard_of(sent[i].user);
      std::lock_guard lock(s.mutex);
      auto it = s.buckets.find(sent[i].user);
      if (it != s.buckets.end()) it->second.tat = std::max(it->second.tat, t + ahead[i]);
    }
  }
};

SendLimiter::SendLimiter(Limits limits, std::shared_ptr<SharedSendBuckets> shared,
                         std::chrono::milliseconds report_interval, NowMicros now)
    : enabled_(limits.per_second > 0), state_(std::make_shared<State>()) {
  State& s = *state_;
  if (enabled_) {
    s.interval = std::max<std::int64_t>(1, static_cast<std::int64_t>(1e6 / limits.per_second));
    s.tolerance = static_cast<std::int64_t>(std::max(1.0, limits.burst) * s.interval);
  }
  s.report_every = std::chrono::duration_cast<std::chrono::microseconds>(report_interval).count();
  s.shared = std::move(shared);
  s.now = now ? std::move(now) : NowMicros(steady_micros);
}

SendLimiter::~SendLimiter() = default;

bool SendLimiter::try_take(UserId user) {
  if (!enabled_) return true;
  State& st = *state_;
  const std::int64_t now = st.now();
  bool taken = false;
  {
    State::Shard& s = st.shard_of(user);
    std::lock_guard lock(s.mutex);
    if (s.buckets.size() >= s.sweep_at) State::sweep(s, now);
    Bucket& b = s.buckets[user];
    const std::int64_t tat = std::max(b.tat, now) + st.interval;
    if (tat - now <= st.tolerance) {
      b.tat = tat;
      if (st.shared) ++b.unreported;
      taken = true;
    }
  }
  // Refused messages trigger reports too: a user held back here learns soonest when the
  // shared bucket lets it go on, and counts still unreported go out.
  if (st.shared && now >= st.next_report.load(std::memory_order_relaxed)) report_at(now);
  return taken;
}

void SendLimiter::report() {
  if (enabled_ && state_->shared) report_at(state_->now());
}

void SendLimiter::report_at(std::int64_t now) {
  State& st = *state_;
  if (st.reporting.exchange(true, std::memory_order_acquire)) return;  // one in flight at most
  st.next_report.store(now + st.report_every, std::memory_order_relaxed);
  // Users who sent since the last report, and users whose bucket is not full (active here, so
  // what they send elsewhere matters): a charge of 0 just reads their shared bucket.
  std::vector<SharedSendBuckets::Charge> charges;
  for (State::Shard& s : st.shards) {
    std::lock_guard lock(s.mutex);
    for (auto& [user, b] : s.buckets) {
      if (b.unreported == 0 && b.tat <= now) continue;
      charges.push_back({user, b.unreported});
      b.unreported = 0;
    }
  }
  if (charges.empty()) {
    st.reporting.store(false, std::memory_order_release);
    return;
  }
  auto sent = std::make_shared<std::vector<SharedSendBuckets::Charge>>(charges);
  // Up to two bursts of debt: messages several nodes took at once are paid for afterwards.
  st.shared->charge(std::move(charges), st.interval, 2 * st.tolerance,
                    [state = state_, sent](std::vector<std::int64_t> ahead) {
                      state->apply(*sent, ahead);  // empty on failure: local limits hold alone
                      state->reporting.store(false, std::memory_order_release);
                    });
}

}  // namespace im
