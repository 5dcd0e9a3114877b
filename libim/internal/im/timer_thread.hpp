// A thread that runs its owner's due work: it sleeps until the time the last tick asked for or
// until wake_by() asks for an earlier one. Started by the first wake_by(), so a feature nobody
// uses costs no thread. The owner keeps its state (e.g. a DueSet) under its own lock; `tick`
// runs on this thread without any lock of the TimerThread held.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

namespace im {

class TimerThread {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  // Runs what is due at `now`; returns when it wants to run next (nullopt: nothing pending).
  using Tick = std::function<std::optional<TimePoint>(TimePoint now)>;

  explicit TimerThread(Tick tick);
  ~TimerThread();  // stop()
  TimerThread(const TimerThread&) = delete;
  TimerThread& operator=(const TimerThread&) = delete;

  // Makes sure a tick runs at `due` at the latest. Any thread; never blocks on a tick.
  void wake_by(TimePoint due);
  // Joins the thread; later wake_by() calls do nothing. Not from inside a tick. Idempotent.
  void stop();

 private:
  void run();

  Tick tick_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<TimePoint> next_;  // under mutex_
  bool stopping_ = false;          // under mutex_
  std::thread thread_;             // started by the first wake_by(), under mutex_
};

}  // namespace im
