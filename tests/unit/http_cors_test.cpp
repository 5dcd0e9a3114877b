// CORS headers of docs/contract/http-api.md 3 (H41, H42, H43).
#include <catch2/catch.hpp>

#include "server/http/cors.hpp"

using namespace im::host;

TEST_CASE("preflight headers in the spec's order", "[http][cors]") {
  CorsPolicy cors({"http://localhost:3000", "http://localhost:1212"});
  HeaderList expected{
      {"Access-Control-Allow-Origin", "http://localhost:1212"},
      {"Vary", "Origin"},
      {"Access-Control-Allow-Credentials", "true"},
      {"Access-Control-Allow-Methods", "GET,POST,PUT,DELETE,OPTIONS"},
      {"Access-Control-Allow-Headers", "Content-Type,Accept,authorization,userid"},
      {"Access-Control-Max-Age", "60"},
      {"Access-Control-Expose-Headers", "authorization,userid"},
  };
  CHECK(cors.preflight_headers("http://localhost:1212") == expected);

  // H42: a foreign origin gets the same set without Allow-Origin.
  expected.erase(expected.begin());
  CHECK(cors.preflight_headers("http://evil.example") == expected);
  CHECK(cors.preflight_headers("") == expected);
}

TEST_CASE("response headers echo only an allowed origin, exactly", "[http][cors]") {
  CorsPolicy cors({"http://localhost:1212"});
  HeaderList allowed{
      {"Access-Control-Allow-Origin", "http://localhost:1212"},
      {"Vary", "Origin"},
      {"Access-Control-Allow-Credentials", "true"},
      {"Access-Control-Expose-Headers", "authorization,userid"},
  };
  CHECK(cors.response_headers("http://localhost:1212") == allowed);
  CHECK(cors.response_headers("http://localhost:1212/").size() == 3);
  CHECK(cors.response_headers("HTTP://LOCALHOST:1212").size() == 3);
  CHECK_FALSE(cors.allowed("null"));
  CHECK(CorsPolicy({"null"}).allowed("null"));  // J17: operators may allow it
}
