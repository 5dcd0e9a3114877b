// Work in progress that a shutdown must wait for. Each piece of work holds a pass while it runs
// (a copyable handle, so it can ride in std::function closures); close_and_wait() stops handing
// out passes and returns once the last one is released. The state is shared with the passes, so
// a pass that outlives the gate (a closure destroyed late) is harmless. With a limit, no more
// than that many passes are out at once: the bound of a queue whose work holds them.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>

namespace im {

class DrainGate {
 public:
  using Pass = std::shared_ptr<void>;

  explicit DrainGate(std::size_t limit = 0) : limit_(limit) {}

  // A pass for one piece of work; null once the gate is closed, or while `limit` passes are out.
  Pass enter() {
    std::lock_guard lock(state_->mutex);
    if (state_->closed || (limit_ != 0 && state_->held >= limit_)) return nullptr;
    ++state_->held;
    // Points at the state only to be non-null (a null pass means "closed").
    return Pass(state_.get(), [state = state_](void*) {
      std::lock_guard lock(state->mutex);
      if (--state->held == 0) state->idle.notify_all();
    });
  }

  // Refuses new passes from now on; blocks until every pass handed out is released.
  void close_and_wait() {
    std::unique_lock lock(state_->mutex);
    state_->closed = true;
    state_->idle.wait(lock, [&] { return state_->held == 0; });
  }

 private:
  struct State {
    std::mutex mutex;
    std::condition_variable idle;
    std::size_t held = 0;
    bool closed = false;
  };
  std::size_t limit_;
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

}  // namespace im
