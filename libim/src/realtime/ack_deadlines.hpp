// The ack timer of the core (issue 16): the Hub's pushes wait for their acks at most the ack
// timeout, whatever the Session does, so that a Session is only a sink and a source of bytes.
// Every push waits the same timeout, so deadlines come due in the order they were set: a FIFO
// queue and one thread asleep until its oldest deadline — one short lock per push, no timer
// object per push, no wake-up per push while the queue is busy.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

namespace im {

// What waits for acks: told once its deadline passed (it may have finished long before).
class AckWaiter {
 public:
  virtual ~AckWaiter() = default;
  virtual void expire() = 0;
};

class AckDeadlines {
 public:
  explicit AckDeadlines(std::chrono::milliseconds timeout);
  ~AckDeadlines();  // stop()
  AckDeadlines(const AckDeadlines&) = delete;
  AckDeadlines& operator=(const AckDeadlines&) = delete;

  // `waiter` expires after the timeout unless it is gone by then. The thread starts with the
  // first call. Does nothing after stop().
  void watch(const std::shared_ptr<AckWaiter>& waiter);
  // Joins the thread; the deadlines still queued are dropped (their acks come as `closed` when
  // the sessions end, or never: 8.2's recovery counts those deliveries as failed at the next
  // start). Idempotent; not from an expire().
  void stop();

 private:
  struct Entry {
    std::chrono::steady_clock::time_point due;
    std::weak_ptr<AckWaiter> waiter;
  };
  void run();

  const std::chrono::milliseconds timeout_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Entry> queue_;  // under mutex_, `due` non-decreasing
  bool stopped_ = false;     // under mutex_
  std::thread thread_;       // started by the first watch()
};

}  // namespace im
