#include "server/http/query_string.hpp"

#include "im/text.hpp"

namespace im::host {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string percent_decode(std::string_view text, bool plus_as_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+' && plus_as_space) {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 &&
               hex_digit(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

namespace {

// Calls `visit(name, value)` for each pair, both decoded; a name without '=' has the empty value
// (`value` is then nullopt). Stops when `visit` returns false.
template <class Visit>
void for_each_pair(std::string_view query, Visit visit) {
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    auto eq = pair.find('=');
    std::optional<std::string_view> raw;
    if (eq != std::string_view::npos) raw = pair.substr(eq + 1);
    if (!visit(percent_decode(pair.substr(0, eq), true), raw)) return;
  }
}

}  // namespace

std::optional<std::string> query_value(std::string_view query, std::string_view key) {
  std::optional<std::string> found;
  for_each_pair(query, [&](const std::string& name, std::optional<std::string_view> raw) {
    if (name != key) return true;
    found = raw ? percent_decode(*raw, true) : std::string();
    return false;
  });
  return found;
}

std::optional<std::int64_t> query_int(std::string_view query, std::string_view key,
                                      std::int64_t fallback) {
  // The original's query parser turns a repeated key or `key[...]` into an array or an object,
  // never a decimal integer: those are invalid values, like any other non-integer.
  int seen = 0;
  bool structured = false;
  std::string value;
  for_each_pair(query, [&](const std::string& name, std::optional<std::string_view> raw) {
    if (name == key) {
      ++seen;
      value = raw ? percent_decode(*raw, true) : std::string();
    } else if (name.size() > key.size() && name.compare(0, key.size(), key) == 0 &&
               name[key.size()] == '[') {
      structured = true;
    }
    return true;
  });
  if (structured || seen > 1) return std::nullopt;
  if (seen == 0) return fallback;
  return parse_decimal(value);
}

}  // namespace im::host
