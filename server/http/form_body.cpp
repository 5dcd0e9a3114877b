#include "server/http/form_body.hpp"

#include <vector>

#include <boost/json/array.hpp>

#include "server/http/percent_decode.hpp"

namespace im::host {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxPairs = 1000;  // the original parser's parameter limit
constexpr std::size_t kMaxDepth = 5;

// "a[b][]" -> {"a", "b", ""}; text past the depth limit stays in the last segment.
std::vector<std::string> key_path(const std::string& key) {
  std::vector<std::string> path;
  auto open = key.find('[');
  if (open == std::string::npos || open == 0 || key.find(']', open) == std::string::npos)
    return {key};
  path.push_back(key.substr(0, open));
  std::size_t i = open;
  while (i < key.size() && key[i] == '[' && path.size() <= kMaxDepth) {
    auto close = key.find(']', i);
    if (close == std::string::npos) break;
    path.push_back(key.substr(i + 1, close - i - 1));
    i = close + 1;
  }
  if (i < key.size()) path.back() += key.substr(i);
  return path;
}

bool is_index(const std::string& s) {
  return !s.empty() && s.size() <= 2 && s.find_first_not_of("0123456789") == std::string::npos;
}

void insert(json::object& target, const std::vector<std::string>& path, std::size_t at,
            std::string value) {
  const std::string& name = path[at];
  bool last = at + 1 == path.size();
  if (last) {
    auto* existing = target.if_contains(name);
    if (!existing) {
      target[name] = value;
    } else if (existing->is_array()) {
      existing->as_array().emplace_back(value);
    } else if (existing->is_string()) {
      json::array both{*existing, json::value(value)};
      *existing = std::move(both);
    }
    return;
  }
  const std::string& next = path[at + 1];
  // `[]` or `[0]` at the end: an array element.
  if ((next.empty() || is_index(next)) && at + 2 == path.size()) {
    auto& slot = target[name];
    if (slot.is_null()) slot = json::array{};
    if (slot.is_array())
      slot.as_array().emplace_back(value);
    else if (slot.is_string())
      slot = json::array{slot, json::value(value)};
    return;
  }
  auto& slot = target[name];
  if (slot.is_null()) slot = json::object{};
  if (slot.is_object()) insert(slot.as_object(), path, at + 1, std::move(value));
}

}  // namespace

std::string form_decode(std::string_view text) {
  return percent_decode(text, true);
}

json::object parse_form_body(std::string_view text) {
  json::object result;
  std::size_t pairs = 0;
  while (!text.empty() && pairs < kMaxPairs) {
    auto amp = text.find('&');
    auto part = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view{} : text.substr(amp + 1);
    if (part.empty()) continue;
    ++pairs;
    auto eq = part.find('=');
    std::string key = form_decode(part.substr(0, eq));
    std::string value =
        eq == std::string_view::npos ? std::string() : form_decode(part.substr(eq + 1));
    if (key.empty()) continue;
    insert(result, key_path(key), 0, std::move(value));
  }
  return result;
}

}  // namespace im::host
