#include "server/openapi/envelopes.hpp"

#include <boost/json/array.hpp>
#include <boost/json/string.hpp>

namespace im::host::openapi {
namespace {

Schema status_200() {
  return constant(integer_type(), 200);
}

}  // namespace

Schema ok_message(std::string_view message) {
  return object_type({{"statusCode", status_200()},
                      {"message", constant(string_type(), boost::json::string(message))}},
                     {"statusCode", "message"});
}

Schema ok_data(Schema data, std::string_view message) {
  if (message.empty())
    return object_type({{"statusCode", status_200()}, {"data", std::move(data)}},
                       {"statusCode", "data"});
  return object_type({{"statusCode", status_200()},
                      {"message", constant(string_type(), boost::json::string(message))},
                      {"data", std::move(data)}},
                     {"statusCode", "message", "data"});
}

Schema ok_optional_data(Schema data, std::string_view message) {
  auto schema = ok_data(std::move(data), message);
  schema["required"] = boost::json::array{"statusCode", "message"};
  return schema;
}

Schema ok_count(Schema item) {
  return object_type({{"statusCode", status_200()},
                      {"count", integer_type("the number of matching rows before paging")},
                      {"data", array_of(std::move(item))}},
                     {"statusCode", "count", "data"});
}

}  // namespace im::host::openapi
