// The formatting front of im::log for libim and the host: log::info("{} ...", x) formats only
// when the level of the calling file's component is enabled. Internal (not installed): the
// public headers stay free of fmt.
#pragma once

#include <source_location>
#include <string_view>
#include <type_traits>
#include <utility>

#include <fmt/format.h>

#include "im/log.hpp"

namespace im::log {

// A format string that also records which component the calling file belongs to; built at
// compile time, so a call costs nothing more than the format string alone.
template <class... Args>
struct LocatedFormat {
  fmt::format_string<Args...> format;
  Component component;

  template <class S>
  requires std::is_convertible_v<const S&, std::string_view>
  consteval LocatedFormat(const S& s, std::source_location where = std::source_location::current())
      : format(s), component(component_of(where.file_name())) {}
};
template <class... Args>
using located_format = LocatedFormat<std::type_identity_t<Args>...>;

template <class... Args>
void at(Level l, located_format<Args...> f, Args&&... args) {
  if (enabled(l, f.component))
    write(l, f.component, fmt::format(f.format, std::forward<Args>(args)...));
}
template <class... Args>
void trace(located_format<Args...> f, Args&&... args) {
  at<Args...>(Level::trace, f, std::forward<Args>(args)...);
}
template <class... Args>
void debug(located_format<Args...> f, Args&&... args) {
  at<Args...>(Level::debug, f, std::forward<Args>(args)...);
}
template <class... Args>
void info(located_format<Args...> f, Args&&... args) {
  at<Args...>(Level::info, f, std::forward<Args>(args)...);
}
template <class... Args>
void warn(located_format<Args...> f, Args&&... args) {
  at<Args...>(Level::warn, f, std::forward<Args>(args)...);
}
template <class... Args>
void error(located_format<Args...> f, Args&&... args) {
  at<Args...>(Level::error, f, std::forward<Args>(args)...);
}

}  // namespace im::log
