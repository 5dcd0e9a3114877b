// Query values (docs/contract/http-api.md E4, X3): decoding, defaults, and what the original's
// parser would not have read as a plain value.
#include <catch2/catch.hpp>

#include "server/http/query_string.hpp"

using im::host::query_int;
using im::host::query_value;

TEST_CASE("query values are percent-decoded; the first one counts", "[http][query]") {
  CHECK(query_value("a=1&platform=win32&b", "platform") == std::optional<std::string>("win32"));
  CHECK(query_value("v=1.0%2B2+x", "v") == std::optional<std::string>("1.0+2 x"));
  CHECK(query_value("flag&x=1", "flag") == std::optional<std::string>(""));
  CHECK_FALSE(query_value("a=1", "b"));
}

TEST_CASE("integer query values: default, decimal, or invalid", "[http][query]") {
  CHECK(query_int("", "pageSize", 100) == 100);
  CHECK(query_int("pageSize=20", "pageSize", 100) == 20);
  CHECK_FALSE(query_int("pageSize=x", "pageSize", 100));
  CHECK_FALSE(query_int("pageSize=", "pageSize", 100));
  // Arrays and objects to the original's query parser: never integers.
  CHECK_FALSE(query_int("pageSize=1&pageSize=2", "pageSize", 100));
  CHECK_FALSE(query_int("pageSize[]=1", "pageSize", 100));
  CHECK_FALSE(query_int("pageSize%5B0%5D=1", "pageSize", 100));
  CHECK(query_int("pageSizes=1&currentPage=2", "pageSize", 100) == 100);
}
