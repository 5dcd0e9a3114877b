#include "bench/interrupt.hpp"

#include <signal.h>
#include <unistd.h>

#include <thread>

#include <fmt/core.h>

namespace im::bench {

void on_interrupt(std::function<void()> cleanup) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread([set, cleanup = std::move(cleanup)] {
    int sig = 0;
    if (sigwait(&set, &sig) != 0) return;
    fmt::print(stderr, "im_bench: interrupted, stopping\n");
    cleanup();
    _exit(128 + sig);
  }).detach();
}

}  // namespace im::bench
