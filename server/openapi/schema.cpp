#include "server/openapi/schema.hpp"

#include <boost/json/array.hpp>

namespace im::host::openapi {
namespace {

Schema typed(std::string_view type, std::string_view description) {
  Schema s;
  s["type"] = type;
  if (!description.empty()) s["description"] = description;
  return s;
}

}  // namespace

Schema string_type(std::string_view description) {
  return typed("string", description);
}

Schema integer_type(std::string_view description) {
  auto s = typed("integer", description);
  s["format"] = "int64";
  return s;
}

Schema boolean_type(std::string_view description) {
  return typed("boolean", description);
}

Schema binary_file(std::string_view description) {
  auto s = typed("string", description);
  s["format"] = "binary";
  return s;
}

Schema date_f(std::string_view description) {
  auto s =
      typed("string", description.empty() ? "YYYY-MM-DD HH:mm:ss in the server's time zone (TZ)"
                                          : description);
  s["example"] = "2026-11-26 19:18:35";
  return s;
}

Schema date_r(std::string_view description) {
  auto s = typed("string", description.empty() ? "YYYY-MM-DD HH:mm" : description);
  s["example"] = "2026-11-26 19:12";
  return s;
}

Schema date_i(std::string_view description) {
  auto s = typed("string", description.empty() ? "ISO 8601 in UTC" : description);
  s["format"] = "date-time";
  s["example"] = "2026-11-26T19:18:37.000Z";
  return s;
}

Schema constant(Schema schema, boost::json::value value) {
  return one_of_values(std::move(schema), {std::move(value)});
}

Schema one_of_values(Schema schema, std::initializer_list<boost::json::value> values) {
  schema["enum"] = boost::json::array(values.begin(), values.end());
  return schema;
}

Schema nullable(Schema schema) {
  if (schema.contains("$ref")) {
    boost::json::array parts;
    parts.emplace_back(std::move(schema));
    return Schema{{"allOf", std::move(parts)}, {"nullable", true}};
  }
  schema["nullable"] = true;
  return schema;
}

Schema array_of(Schema items, std::string_view description) {
  auto s = typed("array", description);
  s["items"] = std::move(items);
  return s;
}

Schema object_type(std::initializer_list<Property> properties,
                   std::initializer_list<std::string_view> required) {
  Schema s;
  s["type"] = "object";
  Schema props;
  for (const auto& [name, schema] : properties) props[name] = schema;
  s["properties"] = std::move(props);
  if (required.size() > 0) {
    boost::json::array names;
    for (auto name : required) names.emplace_back(name);
    s["required"] = std::move(names);
  }
  return s;
}

Schema ref(std::string_view name) {
  Schema s;
  s["$ref"] = "#/components/schemas/" + std::string(name);
  return s;
}

Schema all_of(std::initializer_list<Schema> parts) {
  boost::json::array list;
  for (const auto& part : parts) list.emplace_back(part);
  return Schema{{"allOf", std::move(list)}};
}

Schema one_of(std::initializer_list<Schema> alternatives) {
  boost::json::array list;
  for (const auto& alternative : alternatives) list.emplace_back(alternative);
  return Schema{{"oneOf", std::move(list)}};
}

Schema with_description(Schema schema, std::string_view description) {
  schema["description"] = description;
  return schema;
}

Schema with_example(Schema schema, boost::json::value example) {
  schema["example"] = std::move(example);
  return schema;
}

}  // namespace im::host::openapi
