// Typed reads of request-body fields with the coercion rules of docs/contract/http-api.md 2:
// integers accept a JSON number or a decimal string, strings accept only strings, booleans accept
// true/false, 1/0 and their string forms. A body that is not an object has no fields.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "im/services/user_service.hpp"
#include "im/storage/patch.hpp"

namespace im::host {

// The field's value, or nullptr when the body is not an object or has no such key.
const boost::json::value* body_field(const boost::json::value& body, std::string_view key);

// Absent or null: no value; a string: the value; anything else: invalid.
TextIn text_field(const boost::json::value& body, std::string_view key);

// Absent: nullopt; null: present without a value; a string: the value. `type_error` is set for
// any other type.
Patch<std::string> nullable_text_field(const boost::json::value& body, std::string_view key,
                                       bool& type_error);

struct IntField {
  bool present = false;               // the key exists (null included)
  std::optional<std::int64_t> value;  // nullopt when absent, null or not an integer
};
IntField int_field(const boost::json::value& body, std::string_view key);
std::optional<std::int64_t> as_integer(const boost::json::value& v);

// nullopt when absent; `valid` false when present but not an array of integers.
struct IntListField {
  bool present = false;
  bool valid = true;
  std::vector<std::int64_t> values;
};
IntListField int_list_field(const boost::json::value& body, std::string_view key);

std::optional<bool> as_boolean(const boost::json::value& v);

}  // namespace im::host
