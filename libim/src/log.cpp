#include "im/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>

namespace im::log {
namespace {

struct Sinks {
  std::mutex mutex;
  bool to_stdout = true;
  std::string path;
  std::ofstream file;
  std::uint64_t written = 0;
  std::uint64_t max_bytes = 0;
  int keep = 0;
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

// Called with the mutex held: shifts path.N-1 -> path.N ... path -> path.1.
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
  auto& s = sinks();
  std::lock_guard lock(s.mutex);
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
  auto& s = sinks();
  std::lock_guard lock(s.mutex);
  s.to_stdout = enabled;
}

void write(Level l, std::string_view text) {
  std::string line = fmt::format("{} {:5} {}\n", timestamp(), level_name(l), text);
  auto& s = sinks();
  std::lock_guard lock(s.mutex);
  if (s.to_stdout) {
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fflush(stdout);
  }
  if (s.file.is_open()) {
    if (s.max_bytes > 0 && s.written + line.size() > s.max_bytes) rotate(s);
    s.file << line;
    s.file.flush();
    s.written += line.size();
  }
}

}  // namespace im::log
