// Request bodies (docs/contract/http-api.md 4): JSON errors with the JavaScript wording,
// URL-encoded forms, content-type selection.
#include <catch2/catch.hpp>

#include <boost/json/serialize.hpp>

#include "server/http/form_body.hpp"
#include "server/http/json_body.hpp"
#include "server/http/request_body.hpp"

using namespace im::host;
namespace json = boost::json;

TEST_CASE("the two observed JSON parser messages", "[http][body]") {
  CHECK(json_syntax_error("{\"account\":") == "Unexpected end of JSON input");
  CHECK(json_syntax_error("{x") == "Expected property name or '}' in JSON at position 1");
}

TEST_CASE("JSON error positions count UTF-16 units, as JavaScript does", "[http][body]") {
  // Node 18: JSON.parse of the same texts.
  CHECK(json_syntax_error("{\"\u00e9\":1 x}") ==
        "Expected ',' or '}' after property value in JSON at position 7");
  CHECK(json_syntax_error("{\"\U0001F600\":1 x}") ==
        "Expected ',' or '}' after property value in JSON at position 8");
  CHECK(json_syntax_error("{\"\u4e2d\u6587\":1,") ==
        "Expected double-quoted property name in JSON at position 8");
}

TEST_CASE("other JSON errors read like the JavaScript engine's", "[http][body]") {
  CHECK(json_syntax_error("[") == "Unexpected end of JSON input");
  CHECK(json_syntax_error("{\"a\":1") ==
        "Expected ',' or '}' after property value in JSON at position 6");
  CHECK(json_syntax_error("{\"a\":1,") ==
        "Expected double-quoted property name in JSON at position 7");
  CHECK(json_syntax_error("{\"a\" 1}") == "Expected ':' after property name in JSON at position 5");
  CHECK(json_syntax_error("[1 2]") ==
        "Expected ',' or ']' after array element in JSON at position 3");
  CHECK(json_syntax_error("{} x") ==
        "Unexpected non-whitespace character after JSON at position 3");
  CHECK(json_syntax_error("{\"a\":x}") == "Unexpected token 'x', \"{\"a\":x}\" is not valid JSON");
  CHECK(json_syntax_error("{\"a\":\"b") == "Unterminated string in JSON at position 7");
  CHECK(json_syntax_error("{\"a\":-}") == "No number after minus sign in JSON at position 6");
  CHECK(json_syntax_error("{\"a\":\"\\q\"}") == "Bad escaped character in JSON at position 7");
  CHECK(json_syntax_error("{\"a\":\"\t\"}") ==
        "Bad control character in string literal in JSON at position 6");
  // Strict mode: the top level must be an object or an array.
  CHECK(json_syntax_error("\"abc\"") == "Unexpected token '\"', \"\"abc\"\" is not valid JSON");
  CHECK(json_syntax_error("123") == "Unexpected token '1', \"123\" is not valid JSON");
  CHECK(json_syntax_error("   ") == "Unexpected end of JSON input");
  // Long sources show ten characters of context on each side.
  CHECK(json_syntax_error("{\"aaaaaaaaaaaaaaaa\":1, \"bbbbbbbbbb\": nope}") ==
        "Unexpected token 'o', ...\"bbbbbb\": nope}\" is not valid JSON");
  CHECK(json_syntax_error("{\"a\":[1,{\"b\":null}],\"c\":true}").empty());
}

TEST_CASE("deep nesting is refused without recursion", "[http][body]") {
  std::string deep(50000, '[');
  auto parsed = parse_json_body(deep);
  REQUIRE(std::holds_alternative<JsonBodyError>(parsed));
}

TEST_CASE("JSON bodies parse to objects; empty is {}", "[http][body]") {
  auto parsed = parse_json_body("");
  REQUIRE(std::holds_alternative<json::value>(parsed));
  CHECK(std::get<json::value>(parsed).as_object().empty());
  parsed = parse_json_body("{\"account\":\"13800000001\",\"n\":5}");
  REQUIRE(std::holds_alternative<json::value>(parsed));
  CHECK(std::get<json::value>(parsed).at("account") == "13800000001");
  // Invalid UTF-8 is replaced, not refused.
  parsed = parse_json_body("{\"a\":\"\xff\"}");
  REQUIRE(std::holds_alternative<json::value>(parsed));
  CHECK(std::get<json::value>(parsed).at("a") == "\xEF\xBF\xBD");
}

TEST_CASE("URL-encoded forms", "[http][body]") {
  auto form =
      parse_form_body("account=13800000001&pwd=abc%2612+x&members[]=1&members[]=2&a[b]=c&k");
  CHECK(json::serialize(form) ==
        R"({"account":"13800000001","pwd":"abc&12 x","members":["1","2"],"a":{"b":"c"},"k":""})");
  CHECK(json::serialize(parse_form_body("x=1&x=2")) == R"({"x":["1","2"]})");
  CHECK(form_decode("%zz%4") == "%zz%4");
}

TEST_CASE("only JSON and URL-encoded bodies are parsed", "[http][body]") {
  CHECK(body_kind("application/json") == BodyKind::json);
  CHECK(body_kind("Application/JSON; charset=utf-8") == BodyKind::json);
  CHECK(body_kind("application/x-www-form-urlencoded") == BodyKind::form);
  CHECK(body_kind("text/plain") == BodyKind::none);
  CHECK(body_kind("") == BodyKind::none);
  auto ignored = parse_request_body(BodyKind::none, "{x");
  REQUIRE(std::holds_alternative<json::value>(ignored));
  auto bad = parse_request_body(BodyKind::json, "{x");
  REQUIRE(std::holds_alternative<Reply>(bad));
  CHECK(std::get<Reply>(bad).status == 400);
  CHECK(
      std::get<Reply>(bad).body ==
      R"({"message":"Expected property name or '}' in JSON at position 1","error":"Bad Request","statusCode":400})");
}
