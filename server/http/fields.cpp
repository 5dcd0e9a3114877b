#include "server/http/fields.hpp"

#include <cmath>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "im/text.hpp"

namespace im::host {

namespace json = boost::json;

const json::value* body_field(const json::value& body, std::string_view key) {
  if (!body.is_object()) return nullptr;
  return body.as_object().if_contains(key);
}

TextIn text_field(const json::value& body, std::string_view key) {
  const auto* v = body_field(body, key);
  if (!v || v->is_null()) return {};
  if (v->is_string()) return {std::string(v->as_string()), true};
  return {std::nullopt, false};
}

Patch<std::string> nullable_text_field(const json::value& body, std::string_view key,
                                       bool& type_error) {
  const auto* v = body_field(body, key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<std::string>{};
  if (v->is_string()) return std::optional<std::string>{std::string(v->as_string())};
  type_error = true;
  return std::nullopt;
}

std::optional<std::int64_t> as_integer(const json::value& v) {
  if (v.is_int64()) return v.as_int64();
  if (v.is_uint64()) {
    if (v.as_uint64() > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<std::int64_t>(v.as_uint64());
  }
  if (v.is_double()) {
    double d = v.as_double();
    if (!std::isfinite(d) || std::trunc(d) != d || std::fabs(d) > 9.0e15) return std::nullopt;
    return static_cast<std::int64_t>(d);
  }
  if (v.is_string()) return parse_decimal(std::string_view(v.as_string()));
  return std::nullopt;
}

IntField int_field(const json::value& body, std::string_view key) {
  const auto* v = body_field(body, key);
  if (!v) return {};
  return {true, as_integer(*v)};
}

IntListField int_list_field(const json::value& body, std::string_view key) {
  IntListField out;
  const auto* v = body_field(body, key);
  if (!v || v->is_null()) return out;
  out.present = true;
  if (!v->is_array()) {
    out.valid = false;
    return out;
  }
  for (const auto& item : v->as_array()) {
    auto n = as_integer(item);
    if (!n) {
      out.valid = false;
      out.values.clear();
      return out;
    }
    out.values.push_back(*n);
  }
  return out;
}

std::optional<bool> as_boolean(const json::value& v) {
  if (v.is_bool()) return v.as_bool();
  if (auto n = v.is_string() ? std::nullopt : as_integer(v)) {
    if (*n == 0 || *n == 1) return *n == 1;
    return std::nullopt;
  }
  if (v.is_string()) {
    std::string_view s = v.as_string();
    if (s == "true" || s == "1") return true;
    if (s == "false" || s == "0") return false;
  }
  return std::nullopt;
}

}  // namespace im::host
