// The I/O threads: one io_context per thread, each connection pinned to one of them for its
// whole life. A shared io_context would hand every ready socket to whichever thread is free,
// which at thousands of quiet connections means waking a sleeping thread (futex) for almost
// every event and contending on the scheduler's lock; pinned, a thread sleeps only in its own
// epoll_wait and the handlers of a connection never leave its thread (issue 10).
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

namespace im::host {

class IoThreads {
 public:
  explicit IoThreads(std::size_t count);
  ~IoThreads();
  IoThreads(const IoThreads&) = delete;
  IoThreads& operator=(const IoThreads&) = delete;

  std::size_t size() const { return contexts_.size(); }
  boost::asio::io_context& at(std::size_t i) { return *contexts_[i]; }
  // Round robin: where the next connection lives.
  boost::asio::io_context& next();

  // One thread per context; a handler that throws is logged and the thread goes on (S15).
  void start();
  // Stops every context and joins the threads.
  void stop_and_join();
  // Runs, on the calling thread, whatever was queued but not run yet (typically the closes that
  // a stop posted to each connection's strand: a close that never ran would keep its connection
  // alive in a cycle).
  void drain();

 private:
  using Guard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;
  std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
  std::vector<Guard> work_;
  std::vector<std::thread> threads_;
  std::atomic<std::size_t> next_{0};
};

}  // namespace im::host
