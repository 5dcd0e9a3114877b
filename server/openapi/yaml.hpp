// JSON to YAML for GET /api/docs-yaml: block style, every string double-quoted (a JSON string
// is a valid YAML double-quoted scalar), so no YAML special value can be misread.
#pragma once

#include <string>

#include <boost/json/value.hpp>

namespace im::host::openapi {

std::string to_yaml(const boost::json::value& value);

}  // namespace im::host::openapi
