// The logging thread and its sinks (stdout, a file).
//
// A call to write() pushes its record onto a lock-free stack and returns: no lock, no system
// call, no formatting beyond the caller's own message (an I/O thread logs an access line per
// request). The logging thread takes the whole stack at once, puts it back in order, formats
// the lines and writes them with one call per sink, so a burst costs one write. It sleeps on a
// condition variable when there is nothing to do; the first record after a quiet spell wakes it
// (one notify per batch, not per line), the records of the next 20 ms join the same batch.
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "im/log.hpp"
#include "log/line_format.hpp"

namespace im::log {
namespace {

struct Node {
  Record record;
  Node* next = nullptr;
};

struct Writer {
  std::atomic<Node*> head{nullptr};      // newest first
  std::atomic<std::uint64_t> pushed{0};  // records pushed so far
  std::atomic<bool> idle{false};         // the thread waits for a first record
  std::atomic<Format> format{Format::text};

  std::mutex mutex;  // the fields below; the thread waits on `wake`
  std::condition_variable wake;
  std::condition_variable drained;
  std::uint64_t taken = 0;         // records written to the sinks
  std::uint64_t flush_target = 0;  // flush() waits for the records up to here: no lingering
  bool stopping = false;

  std::mutex io;  // the sinks below, used by the thread and the setters
  std::FILE* console = stdout;
  std::string path;
  std::ofstream file;
  std::uint64_t written = 0;
  std::uint64_t max_bytes = 0;
  int keep = 0;

  std::thread thread{[this] { run(); }};

  ~Writer() {
    {
      std::lock_guard lock(mutex);
      stopping = true;
    }
    wake.notify_one();
    thread.join();
  }

  void push(Node* node) {
    // `node` belongs to the logging thread once it is on the stack (it may be written and freed
    // at once): only `previous` is looked at afterwards.
    Node* previous = head.load(std::memory_order_relaxed);
    do {
      node->next = previous;
    } while (!head.compare_exchange_weak(previous, node));
    pushed.fetch_add(1);
    // Sequentially consistent with the thread's `idle` store and its look at `head`: either it
    // sees this record before it sleeps, or this sees it asleep and wakes it.
    if (previous == nullptr && idle.load()) {
      std::lock_guard lock(mutex);
      wake.notify_one();
    }
  }

  void run();
  void output(const std::string& chunk);  // with `io` held
  void open_file();                       // with `io` held
  void rotate();                          // with `io` held
};

Writer& writer() {
  static Writer w;
  return w;
}

void Writer::run() {
  std::string chunk;
  std::vector<Node*> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex);
      idle.store(true);
      wake.wait(lock, [&] { return stopping || head.load() != nullptr; });
      idle.store(false);
      // Gather for a moment: waking up for each access line would cost a context switch per
      // request. Someone waiting (flush, stop) cuts it short.
      constexpr auto kLinger = std::chrono::milliseconds(20);
      wake.wait_for(lock, kLinger, [&] { return stopping || flush_target > taken; });
    }
    for (Node* n = head.exchange(nullptr); n != nullptr; n = n->next) batch.push_back(n);
    if (batch.empty()) return;  // stopping, everything written
    const Format f = format.load(std::memory_order_relaxed);
    std::for_each(batch.rbegin(), batch.rend(), [&](Node* n) { append_line(chunk, f, n->record); });
    for (Node* n : batch) delete n;
    const auto count = batch.size();
    batch.clear();
    {
      std::lock_guard lock(io);
      output(chunk);
    }
    chunk.clear();
    if (chunk.capacity() > 1 << 20) std::string().swap(chunk);  // after a burst
    {
      std::lock_guard lock(mutex);
      taken += count;
    }
    drained.notify_all();
  }
}

void Writer::output(const std::string& chunk) {
  if (console) {
    std::fwrite(chunk.data(), 1, chunk.size(), console);
    std::fflush(console);
  }
  if (file.is_open()) {
    if (max_bytes > 0 && written > 0 && written + chunk.size() > max_bytes) rotate();
    file << chunk;
    file.flush();
    written += chunk.size();
  }
}

void Writer::open_file() {
  file.close();
  written = 0;
  if (path.empty()) return;
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  file.open(path, std::ios::app);
  written = std::filesystem::exists(path, ec) ? std::filesystem::file_size(path, ec) : 0;
}

// Shifts path.N-1 -> path.N ... path -> path.1.
void Writer::rotate() {
  file.close();
  std::error_code ec;
  for (int i = keep - 1; i >= 1; --i)
    std::filesystem::rename(fmt::format("{}.{}", path, i), fmt::format("{}.{}", path, i + 1), ec);
  if (keep > 0)
    std::filesystem::rename(path, path + ".1", ec);
  else
    std::filesystem::remove(path, ec);
  file.open(path, std::ios::app);
  written = 0;
}

}  // namespace

void set_format(Format f) {
  writer().format.store(f, std::memory_order_relaxed);
}

void set_file(const std::string& path, std::uint64_t max_bytes, int keep) {
  flush();  // lines logged before go where they were meant to
  auto& w = writer();
  std::lock_guard lock(w.io);
  w.path = path;
  w.max_bytes = max_bytes;
  w.keep = keep;
  w.open_file();
}

void reopen() {
  flush();
  auto& w = writer();
  std::lock_guard lock(w.io);
  w.open_file();
}

void set_console(std::FILE* stream) {
  flush();
  auto& w = writer();
  std::lock_guard lock(w.io);
  w.console = stream;
}

void set_stdout(bool enabled) {
  set_console(enabled ? stdout : nullptr);
}

void write(Level l, Component c, std::string text) {
  writer().push(new Node{Record{std::chrono::system_clock::now(), l, c, std::move(text)}});
}

void flush() {
  auto& w = writer();
  std::unique_lock lock(w.mutex);
  const std::uint64_t target = w.pushed.load();
  if (w.taken >= target) return;
  w.flush_target = std::max(w.flush_target, target);
  w.wake.notify_one();
  w.drained.wait(lock, [&] { return w.taken >= target || w.stopping; });
}

}  // namespace im::log
