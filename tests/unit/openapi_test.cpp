// The OpenAPI document of docs/contract/http-api.md 11.2, generated from the route table the server
// uses.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include <boost/json.hpp>

#include "server/http/handlers/handlers.hpp"
#include "server/openapi/document.hpp"
#include "server/openapi/yaml.hpp"

using namespace im::host;
namespace json = boost::json;

namespace {

std::string str(const json::value& v) {
  return std::string(v.as_string());
}

std::string lower(std::string text) {
  for (auto& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text;
}

const json::object& operation_of(const json::object& doc, const Route& route) {
  const auto& paths = doc.at("paths").as_object();
  const auto* item = paths.if_contains(openapi::openapi_path(route.pattern));
  REQUIRE(item);
  const auto* op = item->as_object().if_contains(lower(route.method));
  REQUIRE(op);
  return op->as_object();
}

// Every "$ref" anywhere under `v`.
void collect_refs(const json::value& v, std::set<std::string>& refs) {
  if (v.is_object()) {
    for (const auto& [key, child] : v.as_object()) {
      if (key == "$ref") refs.insert(std::string(child.as_string()));
      collect_refs(child, refs);
    }
  } else if (v.is_array()) {
    for (const auto& child : v.as_array()) collect_refs(child, refs);
  }
}

}  // namespace

TEST_CASE("paths use {name} for :name", "[openapi]") {
  CHECK(openapi::openapi_path("/api/v1/users/:id") == "/api/v1/users/{id}");
  CHECK(openapi::openapi_path("/api/v1/groups/withMembers") == "/api/v1/groups/withMembers");
  CHECK(openapi::openapi_path("/a/:x/b/:y") == "/a/{x}/b/{y}");
}

TEST_CASE("the document header follows docs/contract/http-api.md 11.2", "[openapi]") {
  auto table = make_api_routes();
  auto doc = openapi::build_document(table, 3456);
  CHECK(doc.at("openapi").as_string().starts_with("3.0"));
  const auto& info = doc.at("info").as_object();
  CHECK(info.at("title") == "for-nestjs");
  CHECK(info.at("description") == "The description for api.");
  CHECK(info.at("version") == "1.0.0");
  const auto& servers = doc.at("servers").as_array();
  REQUIRE(servers.size() == 2);
  CHECK(servers[0].at("url") == "http://127.0.0.1:3456");
  CHECK(servers[1].at("url") == "https://127.0.0.1:3456");

  const auto& schemes = doc.at("components").at("securitySchemes").as_object();
  CHECK(schemes.at("token").at("type") == "apiKey");
  CHECK(schemes.at("token").at("in") == "header");
  CHECK(schemes.at("token").at("name") == "authorization");
  CHECK(schemes.at("userid").at("type") == "apiKey");
  CHECK(schemes.at("userid").at("in") == "header");
  CHECK(schemes.at("userid").at("name") == "userid");

  std::vector<std::string> tags;
  for (const auto& tag : doc.at("tags").as_array()) tags.emplace_back(tag.at("name").as_string());
  CHECK(tags == std::vector<std::string>{"User", "Permission", "Friends", "Groups", "Events",
                                         "Electron", "Block", "History", "Presence", "Admin",
                                         "Sync"});
}

TEST_CASE("every route appears with operationId, tag, summary and security", "[openapi]") {
  auto table = make_api_routes();
  auto doc = openapi::build_document(table, 3000);
  // docs/contract/http-api.md 9 without ST and SW, GET /api/v1/users/export (issue 14), 12
  // routes of docs/protocol-extensions.md and the 7 of the admin API (docs/operations.md).
  REQUIRE(table.routes().size() == 54);
  std::size_t operations = 0;
  for (const auto& [path, item] : doc.at("paths").as_object())
    operations += item.as_object().size();
  CHECK(operations == table.routes().size());

  for (const auto& route : table.routes()) {
    INFO(route.method << " " << route.pattern);
    const auto& op = operation_of(doc, route);
    CHECK(str(op.at("operationId")) == route.operation_id);
    CHECK(str(op.at("summary")) == route.summary);
    if (!route.tag.empty()) CHECK(op.at("tags").as_array() == json::array{json::value(route.tag)});
    const auto& responses = op.at("responses").as_object();
    CHECK(responses.contains("200"));
    if (route.auth) {
      REQUIRE(op.contains("security"));
      CHECK(op.at("security") == json::parse(R"([{"token":[],"userid":[]}])"));
      CHECK(responses.contains("401"));
    } else {
      CHECK_FALSE(op.contains("security"));
    }
    if (route.permission) CHECK(responses.contains("403"));
    // Every path parameter is declared.
    if (route.pattern.find("/:") != std::string::npos) {
      REQUIRE(op.contains("parameters"));
      CHECK(op.at("parameters").at(0).at("in") == "path");
      CHECK(op.at("parameters").at(0).at("required") == true);
    }
  }
}

TEST_CASE("the public routes are exactly A1, U1 and U2", "[openapi]") {
  auto table = make_api_routes();
  auto doc = openapi::build_document(table, 3000);
  std::set<std::string> open;
  for (const auto& [path, item] : doc.at("paths").as_object())
    for (const auto& [method, op] : item.as_object())
      if (!op.as_object().contains("security"))
        open.insert(std::string(path) + " " + std::string(method));
  CHECK(open == std::set<std::string>{"/api/v1 get", "/api/v1/users/login post",
                                      "/api/v1/users/create post"});
}

TEST_CASE("request and reply shapes of docs/contract/http-api.md 10 and 11.2", "[openapi]") {
  auto table = make_api_routes();
  auto doc = openapi::build_document(table, 3000);
  const auto& paths = doc.at("paths");

  // Login and registration: the token is data.token, not a top-level key.
  for (const char* path : {"/api/v1/users/login", "/api/v1/users/create"}) {
    INFO(path);
    const auto& schema = paths.at(path)
                             .at("post")
                             .at("responses")
                             .at("200")
                             .at("content")
                             .at("application/json")
                             .at("schema");
    CHECK_FALSE(schema.at("properties").as_object().contains("token"));
    CHECK(schema.at("properties").at("data").at("$ref") == "#/components/schemas/LoginData");
  }
  const auto& login_data = doc.at("components").at("schemas").at("LoginData");
  CHECK(login_data.at("allOf").at(1).at("properties").as_object().contains("token"));
  const auto& login_body = paths.at("/api/v1/users/login").at("post").at("requestBody");
  CHECK(login_body.at("content").at("application/json").at("schema").at("required") ==
        json::parse(R"(["account","pwd"])"));

  // POST /groups is "create", not "add members".
  const auto& create = paths.at("/api/v1/groups").at("post");
  CHECK(create.at("operationId") == "create");
  CHECK(create.at("summary") == "Create a group");

  // Query parameters of E4 and X3.
  auto names = [&](const char* path) {
    std::set<std::string> out;
    for (const auto& p : paths.at(path).at("get").at("parameters").as_array()) {
      CHECK(p.at("in") == "query");
      out.insert(std::string(p.at("name").as_string()));
    }
    return out;
  };
  CHECK(names("/api/v1/events/message") == std::set<std::string>{"currentPage", "pageSize"});
  CHECK(names("/api/v1/electron/infoForAsar") ==
        std::set<std::string>{"platform", "archs", "version"});

  // Multipart uploads document binary file fields.
  for (const char* path : {"/api/v1/events/image", "/api/v1/events/video", "/api/v1/electron/full",
                           "/api/v1/electron/asar"}) {
    INFO(path);
    const auto& content = paths.at(path).at("post").at("requestBody").at("content").as_object();
    REQUIRE(content.contains("multipart/form-data"));
    CHECK_FALSE(content.contains("application/json"));
    CHECK(serialize(content.at("multipart/form-data")).find("\"format\":\"binary\"") !=
          std::string::npos);
  }

  // Error replies carry the exact bodies the server sends.
  const auto& not_found = paths.at("/api/v1/users/login")
                              .at("post")
                              .at("responses")
                              .at("404")
                              .at("content")
                              .at("application/json");
  CHECK(not_found.at("examples").at("e1").at("value") ==
        json::parse(R"({"message":"No user found with account <account>","error":"Not Found",)"
                    R"("statusCode":404})"));
  const auto& unauthorized = paths.at("/api/v1/friends")
                                 .at("get")
                                 .at("responses")
                                 .at("401")
                                 .at("content")
                                 .at("application/json");
  CHECK(unauthorized.at("examples").at("e1").at("value") ==
        json::parse(R"({"message":"Unauthorized","statusCode":401})"));
  CHECK(unauthorized.at("schema").at("$ref") == "#/components/schemas/BareError");

  // A1 is text/html; P3 has an empty body.
  CHECK(paths.at("/api/v1")
            .at("get")
            .at("responses")
            .at("200")
            .at("content")
            .as_object()
            .contains("text/html"));
  CHECK_FALSE(paths.at("/api/v1/permission/role/set")
                  .at("post")
                  .at("responses")
                  .at("200")
                  .as_object()
                  .contains("content"));
}

TEST_CASE("every schema reference resolves", "[openapi]") {
  auto table = make_api_routes();
  auto doc = openapi::build_document(table, 3000);
  std::set<std::string> refs;
  collect_refs(doc, refs);
  const auto& schemas = doc.at("components").at("schemas").as_object();
  CHECK_FALSE(refs.empty());
  for (const auto& r : refs) {
    INFO(r);
    REQUIRE(r.starts_with("#/components/schemas/"));
    CHECK(schemas.contains(r.substr(std::string("#/components/schemas/").size())));
  }
}

TEST_CASE("YAML output is block style with quoted strings", "[openapi]") {
  auto yaml = openapi::to_yaml(json::parse(R"({"a":{"b":[1,"x",{"c":true}],"d":{},"e":[]}})"));
  CHECK(yaml ==
        "\"a\":\n"
        "  \"b\":\n"
        "    - 1\n"
        "    - \"x\"\n"
        "    -\n"
        "      \"c\": true\n"
        "  \"d\": {}\n"
        "  \"e\": []\n");
}
