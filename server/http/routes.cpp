#include "server/http/routes.hpp"

#include <vector>

#include "server/http/percent_decode.hpp"

namespace im::host {
namespace {

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

// Splits "/a/b" into {"a","b"}; the leading slash is required.
bool split(std::string_view path, std::vector<std::string_view>& out) {
  if (path.empty() || path.front() != '/') return false;
  path.remove_prefix(1);
  while (true) {
    auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) return true;
    path.remove_prefix(slash + 1);
  }
}

}  // namespace

bool match_pattern(std::string_view pattern, std::string_view path, PathParams& params) {
  // One trailing slash is tolerated (not for the root "/").
  if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  std::vector<std::string_view> want, got;
  if (!split(pattern, want) || !split(path, got) || want.size() != got.size()) return false;
  PathParams found;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (!want[i].empty() && want[i].front() == ':') {
      if (got[i].empty()) return false;
      found.emplace_back(std::string(want[i].substr(1)), percent_decode(got[i], false));
    } else if (!iequals(want[i], got[i])) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

std::optional<RouteMatch> RouteTable::match(std::string_view method, std::string_view path) const {
  if (method == "HEAD") method = "GET";
  for (const auto& route : routes_) {
    if (route.method != method) continue;
    PathParams params;
    if (match_pattern(route.pattern, path, params)) return RouteMatch{&route, std::move(params)};
  }
  return std::nullopt;
}

}  // namespace im::host
