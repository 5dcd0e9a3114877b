#include "ack_deadlines.hpp"

#include <utility>
#include <vector>

namespace im {

AckDeadlines::AckDeadlines(std::chrono::milliseconds timeout) : timeout_(timeout) {}

AckDeadlines::~AckDeadlines() {
  stop();
}

void AckDeadlines::watch(const std::shared_ptr<AckWaiter>& waiter) {
  const auto due = std::chrono::steady_clock::now() + timeout_;
  bool was_empty = false;
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
    was_empty = queue_.empty();
    queue_.push_back(Entry{due, waiter});
  }
  // The thread sleeps until the oldest deadline, which this one is not unless the queue was
  // empty: only then does it need waking.
  if (was_empty) wake_.notify_one();
}

void AckDeadlines::stop() {
  std::thread thread;
  {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    queue_.clear();
    thread = std::move(thread_);
  }
  wake_.notify_one();
  if (thread.joinable()) thread.join();
}

void AckDeadlines::run() {
  std::vector<std::weak_ptr<AckWaiter>> due;
  std::unique_lock lock(mutex_);
  while (!stopped_) {
    if (queue_.empty()) {
      wake_.wait(lock);
      continue;
    }
    const auto now = std::chrono::steady_clock::now();
    if (queue_.front().due > now) {
      wake_.wait_until(lock, queue_.front().due);
      continue;
    }
    while (!queue_.empty() && queue_.front().due <= now) {
      due.push_back(std::move(queue_.front().waiter));
      queue_.pop_front();
    }
    lock.unlock();  // expire() reports results: never under the lock watch() takes
    for (auto& weak : due)
      if (auto waiter = weak.lock()) waiter->expire();
    due.clear();
    lock.lock();
  }
}

}  // namespace im
