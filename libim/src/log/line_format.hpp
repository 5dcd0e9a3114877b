// One log line as the logging thread writes it: text ("<time> <LEVEL> [component] message") or
// a JSON object per line ({"time","level","component","msg"}).
#pragma once

#include <chrono>
#include <string>

#include "im/log.hpp"

namespace im::log {

struct Record {
  std::chrono::system_clock::time_point time;
  Level level;
  Component component;
  std::string text;
};

void append_line(std::string& out, Format format, const Record& record);

}  // namespace im::log
