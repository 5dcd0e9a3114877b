#include "server/config/env_text.hpp"

namespace im::host {

std::string trim_blanks(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::vector<std::pair<std::string, std::string>> parse_env_text(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> entries;
  while (!text.empty()) {
    auto newline = text.find('\n');
    auto line = trim_blanks(text.substr(0, newline));
    text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
    if (line.empty() || line.front() == '#') continue;
    if (line.rfind("export ", 0) == 0) line = trim_blanks(std::string_view(line).substr(7));
    auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    auto key = trim_blanks(std::string_view(line).substr(0, eq));
    auto value = trim_blanks(std::string_view(line).substr(eq + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front())
      value = value.substr(1, value.size() - 2);
    else if (auto hash = value.find(" #"); hash != std::string::npos)
      value = trim_blanks(std::string_view(value).substr(0, hash));
    if (!key.empty()) entries.emplace_back(std::move(key), std::move(value));
  }
  return entries;
}

}  // namespace im::host
