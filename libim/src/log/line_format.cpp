#include "log/line_format.hpp"

#include <cctype>

#include <fmt/format.h>

#include "im/text.hpp"
#include "im/time_format.hpp"

namespace im::log {
namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// A JSON string. Messages may quote what a client sent; where that is not UTF-8, every byte
// above 0x7f is written as \u00XX so that the line stays valid JSON.
void append_json_string(std::string& out, std::string_view s) {
  const bool utf8 = is_valid_utf8(s);
  out += '"';
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7f || (c > 0x7f && !utf8))
          out += fmt::format("\\u{:04x}", c);
        else
          out += ch;
    }
  }
  out += '"';
}

}  // namespace

void append_line(std::string& out, Format format, const Record& r) {
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(r.time.time_since_epoch()).count();
  const std::string time = format_i_ms(ms);
  if (format == Format::json) {
    out += "{\"time\":\"";
    out += time;
    out += "\",\"level\":\"";
    out += level_name(r.level);
    out += "\",\"component\":\"";
    out += component_name(r.component);
    out += "\",\"msg\":";
    append_json_string(out, r.text);
    out += "}\n";
    return;
  }
  fmt::format_to(std::back_inserter(out), "{} {:5} [{}] {}\n", time, upper(level_name(r.level)),
                 component_name(r.component), r.text);
}

}  // namespace im::log
