#include "server/openapi/yaml.hpp"

#include <boost/json/serialize.hpp>

namespace im::host::openapi {
namespace json = boost::json;

namespace {

bool is_block(const json::value& v) {
  return (v.is_object() && !v.as_object().empty()) || (v.is_array() && !v.as_array().empty());
}

// Scalars and empty containers, written on the line of their key or dash.
std::string inline_text(const json::value& v) {
  if (v.is_object()) return "{}";
  if (v.is_array()) return "[]";
  return json::serialize(v);
}

void emit(const json::value& v, std::size_t indent, std::string& out) {
  const std::string pad(indent, ' ');
  if (v.is_object()) {
    for (const auto& entry : v.as_object()) {
      out += pad;
      out += json::serialize(json::value(entry.key()));
      out += ':';
      if (is_block(entry.value())) {
        out += '\n';
        emit(entry.value(), indent + 2, out);
      } else {
        out += ' ';
        out += inline_text(entry.value());
        out += '\n';
      }
    }
  } else if (v.is_array()) {
    for (const auto& item : v.as_array()) {
      out += pad;
      out += '-';
      if (is_block(item)) {
        out += '\n';
        emit(item, indent + 2, out);
      } else {
        out += ' ';
        out += inline_text(item);
        out += '\n';
      }
    }
  } else {
    out += pad;
    out += inline_text(v);
    out += '\n';
  }
}

}  // namespace

std::string to_yaml(const json::value& value) {
  std::string out;
  emit(value, 0, out);
  return out;
}

}  // namespace im::host::openapi
