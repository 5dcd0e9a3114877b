#include "im/log.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>

#include <fmt/format.h>

namespace im::log {
namespace {

// Lines are formatted by the caller and handed to one writer thread: a caller takes a lock for
// the time of an append and makes no system call (an HTTP access line per request used to cost
// two flushed writes on the I/O thread). The writer takes whatever piled up meanwhile and writes
// it with one call per sink, so a burst costs one write, a lone line goes out at once.
struct Sinks {
  std::mutex mutex;  // pending, stopping
  std::condition_variable wake;
  std::condition_variable drained;
  std::string pending;
  std::uint64_t appended = 0;  // lines handed over so far
  std::uint64_t written_lines = 0;
  std::uint64_t flush_target = 0;  // flush() waits for the lines up to here: no lingering
  bool stopping = false;

  std::mutex io;  // the sinks below, used by the writer thread and the setters
  bool to_stdout = true;
  std::string path;
  std::ofstream file;
  std::uint64_t written = 0;
  std::uint64_t max_bytes = 0;
  int keep = 0;

  std::thread thread{[this] { run(); }};

  ~Sinks() {
    {
      std::lock_guard lock(mutex);
      stopping = true;
    }
    wake.notify_one();
    thread.join();
  }

  void run();
  void output(const std::string& chunk);  // with `io` held
};

Sinks& sinks() {
  static Sinks s;
  return s;
}

std::atomic<Level> g_level{Level::info};

const char* level_name(Level l) {
  switch (l) {
    case Level::trace:
      return "TRACE";
    case Level::debug:
      return "DEBUG";
    case Level::info:
      return "INFO";
    case Level::warn:
      return "WARN";
    case Level::error:
      return "ERROR";
    case Level::off:
      break;
  }
  return "OFF";
}

std::string timestamp() {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms % 1000);
}

// Called with `io` held: shifts path.N-1 -> path.N ... path -> path.1.
void rotate(Sinks& s) {
  s.file.close();
  std::error_code ec;
  for (int i = s.keep - 1; i >= 1; --i)
    std::filesystem::rename(fmt::format("{}.{}", s.path, i), fmt::format("{}.{}", s.path, i + 1),
                            ec);
  if (s.keep > 0)
    std::filesystem::rename(s.path, s.path + ".1", ec);
  else
    std::filesystem::remove(s.path, ec);
  s.file.open(s.path, std::ios::app);
  s.written = 0;
}

}  // namespace

std::optional<Level> parse_level(std::string_view name) {
  if (name == "trace") return Level::trace;
  if (name == "debug") return Level::debug;
  if (name == "info") return Level::info;
  if (name == "warn" || name == "warning") return Level::warn;
  if (name == "error") return Level::error;
  if (name == "off" || name == "none") return Level::off;
  return std::nullopt;
}

void set_level(Level l) {
  g_level.store(l);
}
Level level() {
  return g_level.load(std::memory_order_relaxed);
}

void set_file(const std::string& path, std::uint64_t max_bytes, int keep) {
  flush();  // lines logged before go where they were meant to
  auto& s = sinks();
  std::lock_guard lock(s.io);
  s.file.close();
  s.path = path;
  s.max_bytes = max_bytes;
  s.keep = keep;
  s.written = 0;
  if (path.empty()) return;
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  s.file.open(path, std::ios::app);
  s.written = std::filesystem::exists(path, ec) ? std::filesystem::file_size(path, ec) : 0;
}

void set_stdout(bool enabled) {
  flush();
  auto& s = sinks();
  std::lock_guard lock(s.io);
  s.to_stdout = enabled;
}

void write(Level l, std::string_view text) {
  std::string line = fmt::format("{} {:5} {}\n", timestamp(), level_name(l), text);
  auto& s = sinks();
  bool was_empty = false;
  {
    std::lock_guard lock(s.mutex);
    was_empty = s.pending.empty();
    s.pending += line;
    ++s.appended;
  }
  if (was_empty) s.wake.notify_one();  // otherwise the writer is already on its way
}

void flush() {
  auto& s = sinks();
  std::unique_lock lock(s.mutex);
  const std::uint64_t target = s.appended;
  if (s.written_lines >= target) return;
  s.flush_target = std::max(s.flush_target, target);
  s.wake.notify_one();
  s.drained.wait(lock, [&] { return s.written_lines >= target || s.stopping; });
}

namespace {

void Sinks::run() {
  std::string chunk;
  for (;;) {
    std::uint64_t lines = 0;
    {
      std::unique_lock lock(mutex);
      wake.wait(lock, [&] { return stopping || !pending.empty(); });
      if (pending.empty()) return;  // stopping, everything written
      // Lines come one by one (an access line per request): waking up for each would cost a
      // context switch per request. Gather for a moment, unless someone waits (flush, stop).
      constexpr auto kLinger = std::chrono::milliseconds(20);
      constexpr std::size_t kEnough = 64 * 1024;
      wake.wait_for(lock, kLinger, [&] {
        return stopping || flush_target > written_lines || pending.size() >= kEnough;
      });
      chunk.swap(pending);
      lines = appended;
    }
    {
      std::lock_guard lock(io);
      output(chunk);
    }
    chunk.clear();
    if (chunk.capacity() > 1 << 20) std::string().swap(chunk);  // after a burst
    {
      std::lock_guard lock(mutex);
      written_lines = lines;
    }
    drained.notify_all();
  }
}

void Sinks::output(const std::string& chunk) {
  if (to_stdout) {
    std::fwrite(chunk.data(), 1, chunk.size(), stdout);
    std::fflush(stdout);
  }
  if (file.is_open()) {
    if (max_bytes > 0 && written > 0 && written + chunk.size() > max_bytes) rotate(*this);
    file << chunk;
    file.flush();
    written += chunk.size();
  }
}

}  // namespace

}  // namespace im::log
