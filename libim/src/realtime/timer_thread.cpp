#include "im/timer_thread.hpp"

namespace im {

TimerThread::TimerThread(Tick tick) : tick_(std::move(tick)) {}

TimerThread::~TimerThread() {
  stop();
}

void TimerThread::wake_by(TimePoint due) {
  std::lock_guard lock(mutex_);
  if (stopping_) return;
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
  if (!next_ || due < *next_) {
    next_ = due;
    changed_.notify_one();
  }
}

void TimerThread::stop() {
  std::thread thread;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    thread = std::move(thread_);
    changed_.notify_one();
  }
  if (thread.joinable()) thread.join();
}

void TimerThread::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (!next_) {
      changed_.wait(lock);
      continue;
    }
    if (changed_.wait_until(lock, *next_) != std::cv_status::timeout &&
        std::chrono::steady_clock::now() < *next_)
      continue;  // woken for an earlier time, or to stop
    next_.reset();
    lock.unlock();
    auto again = tick_(std::chrono::steady_clock::now());
    lock.lock();
    if (again && (!next_ || *again < *next_)) next_ = again;
  }
}

}  // namespace im
