// A1 (docs/contract/http-api.md 10).
#include "server/openapi/route_docs.hpp"

namespace im::host::route_docs {

using namespace openapi;

RouteDoc get_hello() {
  return RouteDoc{
      .description = "Answers the text `Hello World!` as text/html (not JSON).",
      .success = with_example(string_type(), "Hello World!"),
      .success_type = "text/html",
      .success_description = "The text Hello World!",
  };
}

}  // namespace im::host::route_docs
