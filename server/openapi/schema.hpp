// A tiny builder for the JSON Schema subset of OpenAPI 3.0 that the route documentation uses.
// Every function returns a plain JSON object, so a route's documentation is data that sits on
// the route itself (RouteDoc) and is serialised as it is into the OpenAPI document.
#pragma once

#include <initializer_list>
#include <string_view>
#include <utility>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace im::host::openapi {

using Schema = boost::json::object;
using Property = std::pair<std::string_view, Schema>;

Schema string_type(std::string_view description = {});
Schema integer_type(std::string_view description = {});  // int64
Schema boolean_type(std::string_view description = {});
Schema binary_file(std::string_view description = {});  // a multipart file part

// Date strings of docs/contract/http-api.md 6.2.
Schema date_f(std::string_view description = {});  // YYYY-MM-DD HH:mm:ss, server time zone
Schema date_r(std::string_view description = {});  // YYYY-MM-DD HH:mm
Schema date_i(std::string_view description = {});  // ISO 8601 in UTC with milliseconds

// `schema` with one allowed value (OpenAPI 3.0 has no `const`).
Schema constant(Schema schema, boost::json::value value);
Schema one_of_values(Schema schema, std::initializer_list<boost::json::value> values);
Schema nullable(Schema schema);
Schema array_of(Schema items, std::string_view description = {});
// An object with the given properties in order; `required` names the mandatory ones.
Schema object_type(std::initializer_list<Property> properties,
                   std::initializer_list<std::string_view> required = {});
// "#/components/schemas/<name>"; the name must be one of shared_schemas() (components.hpp).
Schema ref(std::string_view name);
// All of the given schemas at once (a shared object followed by more keys).
Schema all_of(std::initializer_list<Schema> parts);
Schema one_of(std::initializer_list<Schema> alternatives);

Schema with_description(Schema schema, std::string_view description);
Schema with_example(Schema schema, boost::json::value example);

}  // namespace im::host::openapi
