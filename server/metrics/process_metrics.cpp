#include "server/metrics/process_metrics.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

namespace im::host {
namespace {

std::string read_file(const char* path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The system's boot time (the "btime" line of /proc/stat), in seconds since the epoch.
std::optional<double> boot_time() {
  std::istringstream in(read_file("/proc/stat"));
  std::string key;
  double value = 0;
  while (in >> key) {
    if (key == "btime" && in >> value) return value;
    in.ignore(1 << 20, '\n');
  }
  return std::nullopt;
}

}  // namespace

std::optional<ProcessFigures> read_process_figures() {
  // /proc/self/stat: "pid (comm) state ppid ..."; comm may hold spaces, so fields are counted
  // from the last ')'. proc(5): utime 14, stime 15, starttime 22, vsize 23, rss 24.
  const std::string stat = read_file("/proc/self/stat");
  const auto close = stat.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(stat.substr(close + 2));
  std::string field;
  double utime = 0, stime = 0, starttime = 0, vsize = 0, rss = 0;
  for (int number = 3; fields >> field; ++number) {
    if (number == 14) utime = std::stod(field);
    if (number == 15) stime = std::stod(field);
    if (number == 22) starttime = std::stod(field);
    if (number == 23) vsize = std::stod(field);
    if (number == 24) {
      rss = std::stod(field);
      break;
    }
  }
  const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(::sysconf(_SC_PAGESIZE));
  ProcessFigures f;
  f.cpu_seconds = (utime + stime) / ticks;
  f.resident_bytes = static_cast<std::uint64_t>(rss * page);
  f.virtual_bytes = static_cast<std::uint64_t>(vsize);
  f.start_time_seconds = boot_time().value_or(0) + starttime / ticks;
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
    ++f.open_fds;
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) f.max_fds = limit.rlim_cur;
  return f;
}

}  // namespace im::host
