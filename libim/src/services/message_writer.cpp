#include "im/message_writer.hpp"

#include <algorithm>
#include <vector>

#include "im/log_format.hpp"

namespace im {

MessageWriter::MessageWriter(MessageStore& store, Clock& clock, Options options)
    : store_(store), clock_(clock), options_(std::move(options)) {
  if (options_.max_batch == 0) options_.max_batch = 1;
  thread_ = std::thread([this] { run(); });
}

MessageWriter::MessageWriter(MessageStore& store, Clock& clock, std::size_t max_batch,
                             std::chrono::seconds abandoned_after)
    : MessageWriter(store, clock, Options{max_batch, abandoned_after, {}, {}, {}, 0}) {}

MessageWriter::~MessageWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void MessageWriter::append(Message message, Done done) {
  enqueue(Pending{std::move(message), std::move(done), nullptr});
}

void MessageWriter::append(Admit admit, Done done) {
  enqueue(Pending{{}, std::move(done), std::move(admit)});
}

void MessageWriter::enqueue(Pending pending) {
  bool wake = false;
  {
    std::unique_lock lock(mutex_);
    if (options_.max_queued > 0 && queue_.size() >= options_.max_queued) {
      lock.unlock();
      refuse(std::move(pending.done));
      return;
    }
    queue_.push_back(std::move(pending));
    // The writer knows about a non-empty queue already (it commits it when its time comes);
    // only the first message, or a full batch, is news to it. One wake-up per batch.
    wake = queue_.size() == 1 || queue_.size() == options_.max_batch;
  }
  if (wake) wake_.notify_one();
}

// The queue is full: the message fails like a write to a database that is down.
void MessageWriter::refuse(Done done) {
  if (!done) return;
  auto fail = [done = std::move(done)]() mutable {
    done(StoreError{StoreErrc::unavailable, "message writer queue full"});
  };
  if (options_.completions) {
    options_.completions(std::move(fail));
  } else {
    fail();
  }
}

void MessageWriter::record(DeliveryOutcome outcome) {
  record(outcome, PushEvent{});
}

void MessageWriter::record(DeliveryOutcome outcome, PushEvent push) {
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (!push.key.empty()) pushes_.push_back(std::move(push));
    if (outcomes_.empty()) {
      outcomes_due_at_ = std::chrono::steady_clock::now() + options_.outcome_linger;
      wake = true;  // the writer learns the new deadline
    }
    outcomes_.push_back(outcome);
    wake = wake || outcomes_.size() >= options_.max_batch;
  }
  // Only the first outcome of a lingering batch wakes the writer (one wake-up per batch).
  if (wake) wake_.notify_one();
}

void MessageWriter::flush() {
  std::unique_lock lock(mutex_);
  const std::uint64_t ticket = ++flush_requests_;
  wake_.notify_one();
  flushed_.wait(lock, [&] { return flushes_done_ >= ticket; });
}

// Messages and outcomes alike: something is queued, and its time has come (a full batch, its
// deadline, a flush, or the stop).
bool MessageWriter::due(std::size_t queued, std::chrono::steady_clock::time_point at) const {
  if (queued == 0) return false;
  return stopping_ || flush_requests_ > flushes_done_ || queued >= options_.max_batch ||
         std::chrono::steady_clock::now() >= at;
}

bool MessageWriter::batch_due() const {
  return due(queue_.size(), last_commit_ + options_.commit_interval);
}

bool MessageWriter::outcomes_due() const {
  return due(outcomes_.size(), outcomes_due_at_);
}

void MessageWriter::run() {
  using steady = std::chrono::steady_clock;
  std::deque<Pending> batch;
  std::vector<DeliveryOutcome> outcomes;
  std::vector<PushEvent> pushes;
  const bool sweeping = options_.abandoned_after.count() > 0;
  auto next_sweep = steady::now() + options_.abandoned_after / 2;
  for (;;) {
    if (sweeping && steady::now() >= next_sweep) {
      recover_abandoned();
      next_sweep = steady::now() + options_.abandoned_after / 2;
    }
    std::uint64_t answering = 0;  // the flush requests this round answers
    {
      std::unique_lock lock(mutex_);
      auto ready = [&] {
        return stopping_ || batch_due() || flush_requests_ > flushes_done_ || outcomes_due();
      };
      bool sweep_due = false;
      // Each wake-up can change the deadlines (a first message, a first outcome): recompute.
      while (!ready()) {
        if (sweeping && steady::now() >= next_sweep) {
          sweep_due = true;
          break;
        }
        auto wake_at = sweeping ? next_sweep : steady::time_point::max();
        if (!outcomes_.empty()) wake_at = std::min(wake_at, outcomes_due_at_);
        if (!queue_.empty()) wake_at = std::min(wake_at, last_commit_ + options_.commit_interval);
        if (wake_at == steady::time_point::max()) {
          wake_.wait(lock);
        } else {
          wake_.wait_until(lock, wake_at);
        }
      }
      if (sweep_due) continue;
      if (stopping_ && queue_.empty() && outcomes_.empty() && flush_requests_ == flushes_done_)
        return;  // stopping and drained
      // Everything that queued up since the previous commit goes in this one.
      if (!queue_.empty()) last_commit_ = steady::now();
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      if (outcomes_due()) {
        outcomes.swap(outcomes_);
        pushes.swap(pushes_);
      }
      // A flush is answered once everything queued before it is in this round.
      if (queue_.empty() && outcomes_.empty()) answering = flush_requests_;
    }
    admit(batch);
    if (!batch.empty()) store(batch);
    batch.clear();
    if (!outcomes.empty()) store(outcomes);
    outcomes.clear();
    if (!pushes.empty() && options_.offline_pushes) options_.offline_pushes(pushes);
    pushes.clear();
    if (answering > 0) {
      std::lock_guard lock(mutex_);
      if (answering > flushes_done_) {
        flushes_done_ = answering;
        flushed_.notify_all();
      }
    }
  }
}

void MessageWriter::store(std::vector<DeliveryOutcome>& outcomes) {
  auto r = store_.record_deliveries(outcomes, clock_.now_s());
  if (!r) log::warn("recording {} delivery outcomes failed: {}", outcomes.size(), r.error().detail);
}

void MessageWriter::recover_abandoned() {
  const Seconds now = clock_.now_s();
  auto r = store_.recover_pending_deliveries(now, now - options_.abandoned_after.count());
  if (!r) {
    log::warn("recovering abandoned deliveries failed: {}", r.error().detail);
  } else if (*r > 0) {
    log::info("recorded {} abandoned deliveries as failed", *r);
  }
}

void MessageWriter::admit(std::deque<Pending>& batch) {
  std::erase_if(batch, [](Pending& p) {
    if (!p.admit) return false;
    auto row = p.admit();
    if (!row) return true;
    p.message = std::move(*row);
    return false;
  });
}

void MessageWriter::store(std::deque<Pending>& batch) {
  std::vector<Message> rows;
  rows.reserve(batch.size());
  for (const auto& p : batch) rows.push_back(p.message);
  std::vector<StoreResult<MessageId>> results;
  results.reserve(batch.size());
  auto result = store_.append_messages(rows, clock_.now_s());
  if (result && result->size() == batch.size()) {
    for (MessageId id : *result) results.emplace_back(id);
  } else if (batch.size() == 1) {
    results.push_back(result ? StoreResult<MessageId>(StoreError{StoreErrc::other, "no id"})
                             : StoreResult<MessageId>(result.error()));
  } else {
    // All-or-nothing failed (typically one duplicate msgId): retry one by one so that one bad
    // row fails only itself.
    log::debug("message batch of {} failed ({}); retrying one by one", batch.size(),
               result ? std::string("id count") : result.error().detail);
    for (const auto& row : rows) {
      const Message one[] = {row};
      auto r = store_.append_messages(one, clock_.now_s());
      results.push_back(r && r->size() == 1
                            ? StoreResult<MessageId>((*r)[0])
                            : (r ? StoreResult<MessageId>(StoreError{StoreErrc::other, "no id"})
                                 : StoreResult<MessageId>(r.error())));
    }
  }
  std::vector<Done> dones;
  dones.reserve(batch.size());
  for (auto& p : batch) dones.push_back(std::move(p.done));
  auto complete = [dones = std::move(dones), results = std::move(results)]() mutable {
    for (std::size_t i = 0; i < dones.size(); ++i)
      if (dones[i]) dones[i](std::move(results[i]));
  };
  if (options_.completions) {
    options_.completions(std::move(complete));
  } else {
    complete();
  }
}

}  // namespace im
