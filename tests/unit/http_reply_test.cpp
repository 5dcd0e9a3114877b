// Envelopes of docs/contract/http-api.md 5 with their exact key order.
#include <catch2/catch.hpp>

#include "server/http/beast_reply.hpp"
#include "server/http/client_address.hpp"
#include "server/http/reply.hpp"
#include "server/metrics/http_metrics.hpp"

using namespace im::host;

TEST_CASE("error shapes E-msg, E-bare and E-500", "[http][reply]") {
  CHECK(error_reply(im::Error::unauthorized()).body ==
        R"({"message":"Unauthorized","statusCode":401})");
  CHECK(error_reply(im::Error::bad_request()).body ==
        R"({"message":"Bad Request","statusCode":400})");
  CHECK(error_reply(im::Error::forbidden()).body ==
        R"({"message":"Forbidden resource","error":"Forbidden","statusCode":403})");
  CHECK(error_reply(im::Error::internal()).body ==
        R"({"statusCode":500,"message":"Internal server error"})");
  CHECK(error_reply(im::Error{500, "Database error."}).body ==
        R"({"message":"Database error.","error":"Internal Server Error","statusCode":500})");
  CHECK(error_reply(im::Error{409, "The account already exists."}).body ==
        R"({"message":"The account already exists.","error":"Conflict","statusCode":409})");
  CHECK(error_reply(im::Error{429, "x"}).body ==
        R"({"message":"x","error":"Too Many Requests","statusCode":429})");
  auto r = error_reply(im::Error::unauthorized());
  CHECK(r.status == 401);
  CHECK(r.content_type == "application/json; charset=utf-8");
}

TEST_CASE("special replies", "[http][reply]") {
  CHECK(entity_too_large().body == R"({"statusCode":413,"message":"request entity too large"})");
  CHECK(
      route_not_found("GET", "/socket.io/?EIO=4&transport=polling").body ==
      R"({"message":"Cannot GET /socket.io/?EIO=4&transport=polling","error":"Not Found","statusCode":404})");
  CHECK(success_message("Logout successed.").body ==
        R"({"statusCode":200,"message":"Logout successed."})");
  CHECK(success({{"data", {{"count", 0}, {"friends", boost::json::array{}}}}}).body ==
        R"({"statusCode":200,"data":{"count":0,"friends":[]}})");
  auto empty = empty_ok();
  CHECK(empty.status == 200);
  CHECK(empty.body.empty());
  CHECK(empty.content_type.empty());
  CHECK(html("Hello World!").content_type == "text/html; charset=utf-8");
}

TEST_CASE("Beast responses put CORS first and keep Content-Length for HEAD", "[http][reply]") {
  HeaderList cors{{"Vary", "Origin"}, {"Access-Control-Allow-Credentials", "true"}};
  auto res = to_beast(html("Hello World!"), cors, 11, true);
  auto it = res.begin();
  CHECK(it->name_string() == "Vary");
  CHECK((++it)->name_string() == "Access-Control-Allow-Credentials");
  CHECK((++it)->name_string() == "Content-Type");
  CHECK(res[boost::beast::http::field::content_length] == "12");
  CHECK(res.body() == "Hello World!");
  auto head = to_beast(html("Hello World!"), cors, 11, true, true);
  CHECK(head.body().empty());
  CHECK(head[boost::beast::http::field::content_length] == "12");
  auto empty = to_beast(empty_ok(), cors, 11, true);
  CHECK(empty[boost::beast::http::field::content_type].empty());
  CHECK(empty[boost::beast::http::field::content_length] == "0");
}

TEST_CASE("client address: peer, or X-Forwarded-For from a trusted proxy", "[http][s9]") {
  CHECK(client_address("10.0.0.5", "1.2.3.4", {}) == "10.0.0.5");
  CHECK(client_address("::ffff:10.0.0.5", " 1.2.3.4", {"10.0.0.5"}) == "1.2.3.4");
  CHECK(client_address("10.0.0.5", "", {"10.0.0.5"}) == "10.0.0.5");
  // The rightmost address that is not a trusted proxy: what the client put in front is ignored.
  CHECK(client_address("10.0.0.5", "1.2.3.4, 10.0.0.9", {"10.0.0.5"}) == "10.0.0.9");
  CHECK(client_address("10.0.0.5", "6.6.6.6, 1.2.3.4", {"10.0.0.5"}) == "1.2.3.4");
  CHECK(client_address("10.0.0.5", "6.6.6.6, 1.2.3.4, 10.0.0.6 ,", {"10.0.0.5", "10.0.0.6"}) ==
        "1.2.3.4");
  CHECK(client_address("10.0.0.5", "10.0.0.6", {"10.0.0.5", "10.0.0.6"}) == "10.0.0.6");
  CHECK(client_address("10.0.0.5", " , ", {"10.0.0.5"}) == "10.0.0.5");
}

TEST_CASE("metrics: the method label comes from a bounded set", "[http][metrics]") {
  CHECK(HttpMetrics::method_label("GET") == "GET");
  CHECK(HttpMetrics::method_label("DELETE") == "DELETE");
  CHECK(HttpMetrics::method_label("get") == "other");
  CHECK(HttpMetrics::method_label(std::string(5000, 'X')) == "other");
  CHECK(HttpMetrics::method_label("-") == "other");
  HttpMetrics metrics;
  for (int i = 0; i < 100; ++i)
    metrics.request(std::string(100, char('A' + i % 26)) + "X", "other", 404);
  metrics.request("GET", "/api/v1", 200);
  CHECK(metrics.requests().size() == 2);
}
