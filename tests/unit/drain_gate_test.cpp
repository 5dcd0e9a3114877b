#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "im/drain_gate.hpp"

TEST_CASE("a drain gate waits for the passes handed out, then refuses new ones", "[drain]") {
  im::DrainGate gate;
  auto first = gate.enter();
  auto copy = first;  // a pass rides in copyable closures
  REQUIRE(first);
  std::atomic<bool> drained{false};
  std::thread stopper([&] {
    gate.close_and_wait();
    drained = true;
  });
  first.reset();
  // Closed (or about to be): either way no drain before the last copy goes.
  while (gate.enter()) std::this_thread::yield();
  CHECK_FALSE(drained);
  copy.reset();
  stopper.join();
  CHECK(drained);
  CHECK_FALSE(gate.enter());
}

TEST_CASE("a pass may outlive its gate", "[drain]") {
  im::DrainGate::Pass late;
  {
    im::DrainGate gate;
    late = gate.enter();
  }
  late.reset();  // no use of the destroyed gate
  SUCCEED();
}

TEST_CASE("with a limit, no more passes than that are out at once", "[drain]") {
  im::DrainGate gate(2);
  auto a = gate.enter();
  auto b = gate.enter();
  REQUIRE(a);
  REQUIRE(b);
  CHECK_FALSE(gate.enter());  // full: the caller refuses the work
  a.reset();
  auto c = gate.enter();  // a released pass makes room
  CHECK(c);
  CHECK_FALSE(gate.enter());
}
