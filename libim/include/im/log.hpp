// Levelled logging to stdout and an optional size-rotated file. Thread-safe.
// Never log passwords, hashes, tokens or JWTs (S17). The formatting front (log::info(...) and
// its siblings, on fmt) is im/log_format.hpp, internal to libim and the host so that the public
// headers stay free of fmt.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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

}  // namespace im::log
