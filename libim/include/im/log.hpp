// Levelled logging to stdout and an optional size-rotated file. Thread-safe.
// Never log passwords, hashes, tokens or JWTs (S17).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace im::log {

enum class Level { trace = 0, debug, info, warn, error, off };

std::optional<Level> parse_level(std::string_view name);
void set_level(Level level);
Level level();
// Appends to `path` (folders created), rotating to path.1 … path.<keep> past `max_bytes`.
// An empty path disables the file sink.
void set_file(const std::string& path, std::uint64_t max_bytes, int keep);
void set_stdout(bool enabled);
void write(Level level, std::string_view text);
// Blocks until every line logged so far is written to the sinks.
void flush();

inline bool enabled(Level l) {
  return l >= level();
}

template <class... Args>
void trace(fmt::format_string<Args...> f, Args&&... args) {
  if (enabled(Level::trace)) write(Level::trace, fmt::format(f, std::forward<Args>(args)...));
}
template <class... Args>
void debug(fmt::format_string<Args...> f, Args&&... args) {
  if (enabled(Level::debug)) write(Level::debug, fmt::format(f, std::forward<Args>(args)...));
}
template <class... Args>
void info(fmt::format_string<Args...> f, Args&&... args) {
  if (enabled(Level::info)) write(Level::info, fmt::format(f, std::forward<Args>(args)...));
}
template <class... Args>
void warn(fmt::format_string<Args...> f, Args&&... args) {
  if (enabled(Level::warn)) write(Level::warn, fmt::format(f, std::forward<Args>(args)...));
}
template <class... Args>
void error(fmt::format_string<Args...> f, Args&&... args) {
  if (enabled(Level::error)) write(Level::error, fmt::format(f, std::forward<Args>(args)...));
}

}  // namespace im::log
