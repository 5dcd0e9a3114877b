#include "im/services/push_outbox.hpp"

#include <random>

#include "im/auth/random.hpp"
#include "im/log_format.hpp"
#include "im/services/push_events.hpp"

namespace im {

namespace {

bool success(int status) {
  return status >= 200 && status < 300;
}

// Jitter in [0, 1) for the retry schedule; only the sender thread draws from it.
double draw_jitter() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

}  // namespace

PushOutbox::PushOutbox(PushOutboxStore& store, PushSender& sender, Clock& clock, Options options)
    : store_(store),
      sender_(sender),
      clock_(clock),
      options_(std::move(options)),
      node_(auth::random_id(12)) {}

PushOutbox::~PushOutbox() {
  stop();
}

bool PushOutbox::enqueue(std::span<const PushEvent> events) {
  if (events.empty()) return true;
  auto r = store_.enqueue_push_events(events, clock_.now_ms());
  if (!r) {
    log::warn("push webhook: storing {} events failed: {}", events.size(), r.error().detail);
    return false;
  }
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_one();
  return true;
}

void PushOutbox::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { run(); });
}

void PushOutbox::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  sender_.cancel();  // a post under way gives up; its row is released below
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

bool PushOutbox::stopping() {
  std::lock_guard lock(mutex_);
  return stopping_;
}

void PushOutbox::run() {
  for (;;) {
    const int claimed = send_due();
    std::unique_lock lock(mutex_);
    if (stopping_) return;
    if (claimed >= options_.batch) continue;  // more may be due
    wake_.wait_for(lock, options_.poll_interval, [this] { return woken_ || stopping_; });
    woken_ = false;
    if (stopping_) return;
  }
}

int PushOutbox::send_due() {
  const std::string claim = node_ + ":" + std::to_string(++claims_);
  const Millis now = clock_.now_ms();
  const Millis lease = options_.post_timeout.count() * options_.batch + 10000;
  auto rows = store_.claim_push_events(claim, now, now + lease, options_.batch);
  if (!rows) {
    log::warn("push webhook: claiming events failed: {}", rows.error().detail);
    return 0;
  }
  for (const auto& row : *rows) {
    if (stopping())
      release(row, claim);
    else
      send(row, claim);
  }
  return static_cast<int>(rows->size());
}

void PushOutbox::send(const PushOutboxRow& row, const std::string& claim) {
  const std::string signature =
      options_.secret.empty() ? std::string() : push_signature(options_.secret, row.body);
  const int status = sender_.post(PushRequest{row.key, row.body, signature});
  if (status == 0 && stopping()) {
    release(row, claim);  // cut short by the stop: not an attempt of the endpoint's
    return;
  }
  if (success(status)) {
    if (auto r = store_.finish_push_event(row.id, claim); !r)
      log::warn("push webhook: removing a delivered event failed: {}", r.error().detail);
    return;
  }
  const int attempts = row.attempts + 1;
  const Millis now = clock_.now_ms();
  auto next = options_.retry.next_attempt(attempts, row.created_at, now, draw_jitter());
  if (!next) {
    // Never the body or the secret: the key names the event.
    log::warn("push webhook: giving up on {} after {} attempts (last status {})", row.key, attempts,
              status);
    if (auto r = store_.finish_push_event(row.id, claim); !r)
      log::warn("push webhook: removing an expired event failed: {}", r.error().detail);
    return;
  }
  log::debug("push webhook: {} got status {}, attempt {}; again in {} ms", row.key, status,
             attempts, *next - now);
  if (auto r = store_.retry_push_event(row.id, claim, attempts, *next); !r)
    log::warn("push webhook: rescheduling an event failed: {}", r.error().detail);
}

void PushOutbox::release(const PushOutboxRow& row, const std::string& claim) {
  if (auto r = store_.retry_push_event(row.id, claim, row.attempts, clock_.now_ms()); !r)
    log::warn("push webhook: releasing an event failed: {}", r.error().detail);
}

}  // namespace im
