// Levelled logging to stdout and an optional file, as text or JSON lines, with a level per
// component. Thread-safe; a call makes no system call and takes no lock (a logging thread
// formats and writes the lines in batches). Never log passwords, hashes, tokens or JWTs (S17).
// The formatting front (log::info(...) and its siblings, on fmt) is im/log_format.hpp, internal
// to libim and the host so that the public headers stay free of fmt.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace im::log {

enum class Level { trace = 0, debug, info, warn, error, off };

// Where a line comes from: the folder of the source file that logs it (component_of), so that a
// call site names no component and LOG_LEVEL can still tune one part of the program.
enum class Component : std::uint8_t {
  core,      // libim, outside the folders below
  services,  // libim/src/services, libim/src/auth
  storage,   // libim/src/storage, server/adapters/mariadb
  realtime,  // libim/src/realtime
  http,      // server/http, server/static, server/upload, server/openapi
  socketio,  // server/socketio
  redis,     // server/adapters/redis
  server,    // the rest of the host
};
inline constexpr int component_count = 8;

std::string_view component_name(Component c);
std::optional<Component> parse_component(std::string_view name);

constexpr bool in_folder(std::string_view file, std::string_view folder) {
  // Paths reach the compiler absolute or relative ("../server/http/x.cpp"); match a whole
  // folder name either way.
  for (std::size_t at = file.find(folder); at != std::string_view::npos;
       at = file.find(folder, at + 1)) {
    const bool starts = at == 0 || file[at - 1] == '/';
    const bool ends = at + folder.size() < file.size() && file[at + folder.size()] == '/';
    if (starts && ends) return true;
  }
  return false;
}

constexpr Component component_of(std::string_view file) {
  if (in_folder(file, "adapters")) {
    if (in_folder(file, "redis")) return Component::redis;
    return Component::storage;
  }
  if (in_folder(file, "storage")) return Component::storage;
  if (in_folder(file, "services") || in_folder(file, "auth")) return Component::services;
  if (in_folder(file, "realtime")) return Component::realtime;
  if (in_folder(file, "socketio")) return Component::socketio;
  if (in_folder(file, "http") || in_folder(file, "static") || in_folder(file, "upload") ||
      in_folder(file, "openapi"))
    return Component::http;
  if (in_folder(file, "libim")) return Component::core;
  return Component::server;
}

std::optional<Level> parse_level(std::string_view name);
std::string_view level_name(Level level);

// Every component at `level`.
void set_level(Level level);
// "info" or "info,http=warn,socketio=debug": a default level, then component=level pairs.
// Returns false (and changes nothing) when the text is not of that form.
bool set_levels(std::string_view spec);
bool valid_levels(std::string_view spec);
Level level(Component component = Component::core);

enum class Format { text, json };
std::optional<Format> parse_format(std::string_view name);
void set_format(Format format);

// Appends to `path` (folders created). Past `max_bytes` (0 = never) the file is rotated to
// path.1 … path.<keep>; with max_bytes 0 rotation is left to the system (logrotate, then
// reopen()). An empty path disables the file sink.
void set_file(const std::string& path, std::uint64_t max_bytes, int keep);
// Closes and opens the log file again (after logrotate moved it away; SIGHUP in im_server).
void reopen();
void set_stdout(bool enabled);
// The console sink: stdout (the default), stderr (im_server's commands, whose own output is on
// stdout) or nullptr for none.
void set_console(std::FILE* stream);
void write(Level level, Component component, std::string text);
// Blocks until every line logged so far is written to the sinks.
void flush();

bool enabled(Level l, Component c);

}  // namespace im::log
