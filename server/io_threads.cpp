#include "server/io_threads.hpp"

#include <algorithm>
#include <exception>

#include "im/log_format.hpp"

namespace im::host {

namespace asio = boost::asio;

IoThreads::IoThreads(std::size_t count) {
  count = std::max<std::size_t>(1, count);
  for (std::size_t i = 0; i < count; ++i)
    contexts_.push_back(std::make_unique<asio::io_context>(1));  // exactly one thread runs it
}

IoThreads::~IoThreads() {
  stop_and_join();
}

asio::io_context& IoThreads::next() {
  return *contexts_[next_.fetch_add(1, std::memory_order_relaxed) % contexts_.size()];
}

void IoThreads::start() {
  if (!threads_.empty()) return;
  for (auto& io : contexts_) {
    work_.emplace_back(io->get_executor());
    threads_.emplace_back([&io = *io] {
      while (true) {
        try {
          io.run();
          return;
        } catch (const std::exception& e) {
          log::error("uncaught exception on an I/O thread: {}", e.what());
        } catch (...) {
          log::error("uncaught exception on an I/O thread");
        }
      }
    });
  }
}

void IoThreads::stop_and_join() {
  work_.clear();
  for (auto& io : contexts_) io->stop();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

void IoThreads::drain() {
  // A handler may post to another context's strand: repeat until every context is quiet.
  for (bool ran = true; ran;) {
    ran = false;
    for (auto& io : contexts_) {
      io->restart();
      ran = io->poll() > 0 || ran;
    }
  }
}

}  // namespace im::host
