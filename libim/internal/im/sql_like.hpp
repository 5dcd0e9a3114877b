// A LIKE pattern shared by the SQL adapters (SQLite in im::sqlite, MariaDB in the host).
#pragma once

#include <string>
#include <string_view>

namespace im::sql {

// `text` as a LIKE pattern that matches it anywhere: % and _ in it stand for themselves, escaped
// with a backslash (MariaDB's default escape character; SQLite needs ESCAPE '\').
inline std::string like_contains(std::string_view text) {
  std::string out = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + '%';
}

}  // namespace im::sql
