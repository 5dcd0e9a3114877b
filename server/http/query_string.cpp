#include "server/http/query_string.hpp"

#include "im/text.hpp"
#include "server/http/form_body.hpp"

namespace im::host {

std::optional<std::string> query_value(std::string_view query, std::string_view key) {
  std::optional<std::string> found;
  for_each_query_pair(query, [&](std::string_view name, std::optional<std::string_view> raw) {
    if (form_decode(name) != key) return true;
    found = raw ? form_decode(*raw) : std::string();
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
  for_each_query_pair(query, [&](std::string_view raw_name, std::optional<std::string_view> raw) {
    const std::string name = form_decode(raw_name);
    if (name == key) {
      ++seen;
      value = raw ? form_decode(*raw) : std::string();
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

std::optional<std::int64_t> optional_int(std::string_view query, std::string_view key, bool& bad) {
  if (!query_value(query, key)) return std::nullopt;
  auto value = query_int(query, key, 0);
  if (!value) bad = true;
  return value;
}

}  // namespace im::host
