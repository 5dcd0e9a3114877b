// Ctrl-C / SIGTERM while a run is in progress: run a cleanup (stop the spawned server, remove
// its temp dir) on an ordinary thread, then exit. Call before any other thread is started, so
// that every thread inherits the blocked signals.
#pragma once

#include <functional>

namespace im::bench {

void on_interrupt(std::function<void()> cleanup);

}  // namespace im::bench
