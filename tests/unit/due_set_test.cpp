// The deadlines behind the presence debounce and the read-count window (im/due_set.hpp) with
// made-up time points, and the thread that runs them (im/timer_thread.hpp).
#include <catch2/catch.hpp>

#include <future>

#include "im/due_set.hpp"
#include "im/timer_thread.hpp"

using namespace std::chrono_literals;

namespace {
const auto t0 = std::chrono::steady_clock::time_point{} + 1000h;
}

TEST_CASE("a due set hands out keys once they are due, earliest first", "[due_set]") {
  im::DueSet<int> set;
  CHECK_FALSE(set.next_due());
  CHECK(set.add(1, t0 + 3s));
  CHECK(set.add(2, t0 + 1s));
  CHECK(set.next_due() == t0 + 1s);
  CHECK(set.take_due(t0).empty());
  CHECK(set.take_due(t0 + 1s) == std::vector<int>{2});
  CHECK(set.next_due() == t0 + 3s);
  CHECK(set.take_due(t0 + 10s) == std::vector<int>{1});
  CHECK(set.empty());
  CHECK_FALSE(set.next_due());
}

TEST_CASE("a key added again keeps its first time: a window, not a sliding delay", "[due_set]") {
  // The read-count window: the first receipt opens it, the later ones join it.
  im::DueSet<int> set;
  CHECK(set.add(7, t0 + 500ms));
  CHECK_FALSE(set.add(7, t0 + 900ms));
  CHECK(set.size() == 1);
  CHECK(set.take_due(t0 + 500ms) == std::vector<int>{7});
  CHECK(set.add(7, t0 + 1200ms));  // a new window after the last one was taken
}

TEST_CASE("a cancelled key never falls due: the presence debounce", "[due_set]") {
  // The last session left at t0 (offline due after the debounce); a session came back at t0+1s.
  im::DueSet<long> leaving;
  leaving.add(10001, t0 + 3s);
  leaving.add(10002, t0 + 4s);
  CHECK(leaving.contains(10001));
  CHECK(leaving.cancel(10001));  // came back: no offline, and no online either
  CHECK_FALSE(leaving.cancel(10001));
  CHECK_FALSE(leaving.contains(10001));
  CHECK(leaving.take_due(t0 + 3s).empty());
  CHECK(leaving.take_due(t0 + 4s) == std::vector<long>{10002});
}

TEST_CASE("a timer thread runs a tick by the time asked, and again when the tick asks",
          "[due_set]") {
  std::promise<void> second;
  int ticks = 0;
  im::TimerThread timer(
      [&](im::TimerThread::TimePoint now) -> std::optional<im::TimerThread::TimePoint> {
        if (++ticks == 1) return now;  // more work due at once
        if (ticks == 2) second.set_value();
        return std::nullopt;
      });
  timer.wake_by(std::chrono::steady_clock::now());
  CHECK(second.get_future().wait_for(10s) == std::future_status::ready);
  timer.stop();
  CHECK(ticks == 2);
  timer.wake_by(std::chrono::steady_clock::now());  // after stop: ignored
}

TEST_CASE("a timer thread that was never woken starts no thread and stops at once", "[due_set]") {
  im::TimerThread timer([](im::TimerThread::TimePoint) { return std::nullopt; });
  timer.stop();
}
