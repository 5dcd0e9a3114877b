#include "im/message_writer.hpp"

#include <vector>

#include "im/log.hpp"

namespace im {

MessageWriter::MessageWriter(Storage& storage, Clock& clock, std::size_t max_batch,
                             std::chrono::seconds abandoned_after)
    : storage_(storage),
      clock_(clock),
      max_batch_(max_batch == 0 ? 1 : max_batch),
      abandoned_after_(abandoned_after) {
  thread_ = std::thread([this] { run(); });
}

MessageWriter::~MessageWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void MessageWriter::append(Message message, Done done) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(Pending{std::move(message), std::move(done)});
  }
  wake_.notify_one();
}

void MessageWriter::record(DeliveryOutcome outcome) {
  {
    std::lock_guard lock(mutex_);
    outcomes_.push_back(outcome);
  }
  wake_.notify_one();
}

void MessageWriter::run() {
  std::deque<Pending> batch;
  std::vector<DeliveryOutcome> outcomes;
  const bool sweeping = abandoned_after_.count() > 0;
  auto next_sweep = std::chrono::steady_clock::now() + abandoned_after_ / 2;
  for (;;) {
    if (sweeping && std::chrono::steady_clock::now() >= next_sweep) {
      recover_abandoned();
      next_sweep = std::chrono::steady_clock::now() + abandoned_after_ / 2;
    }
    {
      std::unique_lock lock(mutex_);
      auto ready = [&] { return stopping_ || !queue_.empty() || !outcomes_.empty(); };
      if (!sweeping) {
        wake_.wait(lock, ready);
      } else if (!wake_.wait_until(lock, next_sweep, ready)) {
        continue;  // time to sweep
      }
      if (queue_.empty() && outcomes_.empty()) return;  // stopping and drained
      // Everything that queued up while the previous batch was committing goes in this one.
      while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      outcomes.swap(outcomes_);
    }
    if (!batch.empty()) store(batch);
    batch.clear();
    if (!outcomes.empty()) store(outcomes);
    outcomes.clear();
  }
}

void MessageWriter::store(std::vector<DeliveryOutcome>& outcomes) {
  auto r = storage_.record_deliveries(outcomes, clock_.now_s());
  if (!r) log::warn("recording {} delivery outcomes failed: {}", outcomes.size(), r.error().detail);
}

void MessageWriter::recover_abandoned() {
  const Seconds now = clock_.now_s();
  auto r = storage_.recover_pending_deliveries(now, now - abandoned_after_.count());
  if (!r) {
    log::warn("recovering abandoned deliveries failed: {}", r.error().detail);
  } else if (*r > 0) {
    log::info("recorded {} abandoned deliveries as failed", *r);
  }
}

void MessageWriter::store(std::deque<Pending>& batch) {
  std::vector<Message> rows;
  rows.reserve(batch.size());
  for (const auto& p : batch) rows.push_back(p.message);
  auto result = storage_.append_messages(rows, clock_.now_s());
  if (result && result->size() == batch.size()) {
    for (std::size_t i = 0; i < batch.size(); ++i) batch[i].done((*result)[i]);
    return;
  }
  if (batch.size() == 1) {
    batch[0].done(result ? StoreResult<MessageId>(StoreError{StoreErrc::other, "no id"})
                         : StoreResult<MessageId>(result.error()));
    return;
  }
  // All-or-nothing failed (typically one duplicate msgId): retry one by one so that one bad row
  // fails only itself.
  log::debug("message batch of {} failed ({}); retrying one by one", batch.size(),
             result ? std::string("id count") : result.error().detail);
  for (auto& p : batch) {
    const Message one[] = {p.message};
    auto r = storage_.append_messages(one, clock_.now_s());
    if (r && r->size() == 1) {
      p.done((*r)[0]);
    } else {
      p.done(r ? StoreResult<MessageId>(StoreError{StoreErrc::other, "no id"})
               : StoreResult<MessageId>(r.error()));
    }
  }
}

}  // namespace im
