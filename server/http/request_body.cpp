#include "server/http/request_body.hpp"

#include <boost/json/object.hpp>

#include "server/http/form_body.hpp"
#include "server/http/json_body.hpp"

namespace im::host {

namespace json = boost::json;

namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

BodyKind body_kind(std::string_view content_type) {
  auto media = trim(content_type.substr(0, content_type.find(';')));
  if (iequals(media, "application/json")) return BodyKind::json;
  if (iequals(media, "application/x-www-form-urlencoded")) return BodyKind::form;
  return BodyKind::none;
}

std::variant<json::value, Reply> parse_request_body(BodyKind kind, std::string_view body) {
  switch (kind) {
    case BodyKind::json: {
      auto parsed = parse_json_body(body);
      if (auto* error = std::get_if<JsonBodyError>(&parsed))
        return error_reply(Error{400, std::move(error->message)});
      return std::get<json::value>(std::move(parsed));
    }
    case BodyKind::form:
      return json::value(parse_form_body(body));
    case BodyKind::none:
      break;
  }
  return json::value(json::object{});
}

}  // namespace im::host
