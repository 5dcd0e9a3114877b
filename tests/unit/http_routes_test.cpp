// Route matching of docs/contract/http-api.md 1 and 9: case-insensitive, one trailing slash, `:id`,
// order.
#include <catch2/catch.hpp>

#include "server/http/handlers/handlers.hpp"
#include "server/http/routes.hpp"

using namespace im::host;

namespace {

Route route(std::string method, std::string pattern, std::string op) {
  Route r;
  r.method = std::move(method);
  r.pattern = std::move(pattern);
  r.operation_id = std::move(op);
  return r;
}

}  // namespace

TEST_CASE("patterns match case-insensitively with one trailing slash", "[http][routes]") {
  PathParams params;
  CHECK(match_pattern("/api/v1/friends", "/api/v1/friends", params));
  CHECK(match_pattern("/api/v1/friends", "/API/V1/friends", params));
  CHECK(match_pattern("/api/v1/friends", "/api/v1/friends/", params));
  CHECK_FALSE(match_pattern("/api/v1/friends", "/api/v1/friends//", params));
  CHECK_FALSE(match_pattern("/api/v1/friends", "/api/v1", params));
  CHECK_FALSE(match_pattern("/api/v1", "/api", params));
  CHECK_FALSE(match_pattern("/api/v1", "api/v1", params));
  CHECK(match_pattern("/api/v1", "/api/v1/", params));
}

TEST_CASE("parameters keep their case and are percent-decoded", "[http][routes]") {
  PathParams params;
  REQUIRE(match_pattern("/api/v1/users/:id", "/api/v1/USERS/AbC%20d/", params));
  REQUIRE(params.size() == 1);
  CHECK(params[0].first == "id");
  CHECK(params[0].second == "AbC d");
  CHECK_FALSE(match_pattern("/api/v1/users/:id", "/api/v1/users/", params));
  CHECK_FALSE(match_pattern("/api/v1/users/:id", "/api/v1/users/1/2", params));
}

TEST_CASE("the first matching route wins and methods must agree", "[http][routes]") {
  RouteTable table;
  table.add(route("GET", "/api/v1/groups/withMembers", "getAllWithMembers"));
  table.add(route("GET", "/api/v1/groups/:id", "getOne"));
  table.add(route("POST", "/api/v1/groups", "create"));

  auto m = table.match("GET", "/api/v1/groups/withmembers");
  REQUIRE(m);
  CHECK(m->route->operation_id == "getAllWithMembers");
  m = table.match("GET", "/api/v1/groups/7");
  REQUIRE(m);
  CHECK(m->route->operation_id == "getOne");
  CHECK(m->params.at(0).second == "7");
  CHECK_FALSE(table.match("DELETE", "/api/v1/groups/7"));
  CHECK_FALSE(table.match("GET", "/api/v1/groups"));
  // HEAD is answered by GET routes.
  CHECK(table.match("HEAD", "/api/v1/groups/7"));
}

TEST_CASE("the API table carries the spec's routes with their checks", "[http][routes]") {
  auto table = make_api_routes();
  auto find = [&](std::string_view method, std::string_view path) {
    auto m = table.match(method, path);
    REQUIRE(m);
    return m->route;
  };
  CHECK_FALSE(find("GET", "/api/v1")->auth);
  CHECK_FALSE(find("POST", "/api/v1/users/login")->auth);
  CHECK_FALSE(find("POST", "/api/v1/users/create")->auth);
  CHECK(find("PUT", "/api/v1/users")->auth);
  CHECK(find("GET", "/api/v1/users/10001")->permission == 1);
  CHECK(find("POST", "/api/v1/permission/create")->permission == 3);
  CHECK(find("POST", "/api/v1/permission/role/create")->permission == 3);
  CHECK(find("POST", "/api/v1/permission/role/set")->permission == 3);
  CHECK(find("POST", "/api/v1/users/logout")->operation_id == "logout");
  CHECK_FALSE(table.match("GET", "/api"));
  CHECK_FALSE(table.match("GET", "/api/v2/users/1"));
  for (const auto& r : table.routes()) {
    CHECK_FALSE(r.operation_id.empty());
    CHECK(r.handler);
  }
}
