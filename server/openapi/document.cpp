#include "server/openapi/document.hpp"

#include <algorithm>
#include <map>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

#include <fmt/format.h>

#include "server/openapi/components.hpp"

namespace im::host::openapi {
namespace json = boost::json;

namespace {

constexpr std::string_view kTags[][2] = {
    {"User", "Login, registration and the caller's profile"},
    {"Permission", "Permissions and roles (permission 3)"},
    {"Friends", "Friend requests, friends and per-friend settings"},
    {"Groups", "Groups and their members"},
    {"Events", "Notifications, offline messages and chat uploads"},
    {"Electron", "Desktop client releases"},
    // Extensions (docs/protocol-extensions.md).
    {"Block", "Blocking other users"},
    {"History", "Stored conversations: history pages, the conversation list, search"},
    {"Presence", "Which friends are online, and hiding one's own presence"},
    // The admin API (docs/operations.md "Admin API").
    {"Admin", "Live sessions, bans, message deletion, summary and audit log (permission 3)"},
    {"Sync", "Multi-device sync, recall and edit of messages"},
};

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::vector<std::string> path_param_names(std::string_view pattern) {
  std::vector<std::string> names;
  std::size_t i = 0;
  while ((i = pattern.find("/:", i)) != std::string_view::npos) {
    i += 2;
    auto end = pattern.find('/', i);
    names.emplace_back(pattern.substr(i, end == std::string_view::npos ? end : end - i));
  }
  return names;
}

json::object param_object(const Param& p) {
  json::object o;
  o["name"] = p.name;
  o["in"] = p.in;
  if (!p.description.empty()) o["description"] = p.description;
  o["required"] = p.in == "path" || p.required;
  o["schema"] = p.schema;
  return o;
}

json::array parameters(const Route& route) {
  json::array list;
  // Path parameters in pattern order; a RouteDoc entry of the same name refines the default.
  for (const auto& name : path_param_names(route.pattern)) {
    Param p{.name = name, .in = "path", .schema = integer_type(), .required = true};
    for (const auto& given : route.doc.params)
      if (given.in == "path" && given.name == name) p = given;
    list.emplace_back(param_object(p));
  }
  for (const auto& given : route.doc.params)
    if (given.in != "path") list.emplace_back(param_object(given));
  return list;
}

json::object request_body(const Route& route) {
  json::object content;
  const json::object media{{"schema", *route.doc.body}};
  if (route.multipart) {
    content["multipart/form-data"] = media;
  } else {
    content["application/json"] = media;
    content["application/x-www-form-urlencoded"] = media;
  }
  return json::object{{"required", route.multipart}, {"content", std::move(content)}};
}

// One documented failure reply: its status, the exact body and when it happens.
struct Failure {
  unsigned status;
  std::string body;
  std::string when;
};

std::string_view shape_of(const json::object& body) {
  if (body.contains("error")) return kMessageError;
  if (!body.empty() && body.begin()->key() == "message") return kBareError;
  return kGenericError;
}

// The failures of a route: those the pipeline adds (4, 8.2, 8.4), then the endpoint's own.
std::vector<Failure> failures(const Route& route) {
  std::vector<Failure> list;
  auto add = [&](const Reply& reply, std::string when) {
    list.push_back({reply.status, reply.body, std::move(when)});
  };
  if (route.doc.body && !route.multipart) {
    add(error_reply({400, "Unexpected end of JSON input"}), "malformed JSON body");
    add(entity_too_large(), "a JSON or URL-encoded body over 100 kb");
  }
  if (route.auth)
    add(error_reply(Error::unauthorized()),
        "missing, unknown, revoked or expired credentials (headers authorization and userid)");
  if (route.permission)
    add(error_reply(Error::forbidden()),
        fmt::format("the caller's role lacks permission {}", *route.permission));
  for (const auto& e : route.doc.errors) add(error_reply(e.error), e.when);
  return list;
}

json::object responses(const Route& route) {
  json::object out;
  json::object ok{{"description", route.doc.success_description}};
  if (!route.doc.success_type.empty())
    ok["content"] =
        json::object{{route.doc.success_type, json::object{{"schema", route.doc.success}}}};
  out["200"] = std::move(ok);

  // Failures grouped by status, in ascending order; each exact body is an example.
  std::map<unsigned, std::vector<Failure>> by_status;
  for (auto& f : failures(route)) by_status[f.status].push_back(std::move(f));
  for (const auto& [status, list] : by_status) {
    std::string description;
    json::object examples;
    std::vector<std::string_view> shapes;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto& f = list[i];
      if (!description.empty()) description += "; ";
      description += f.when;
      auto body = json::parse(f.body).as_object();
      auto shape = shape_of(body);
      if (std::find(shapes.begin(), shapes.end(), shape) == shapes.end()) shapes.push_back(shape);
      examples[fmt::format("e{}", i + 1)] =
          json::object{{"summary", f.when}, {"value", std::move(body)}};
    }
    Schema schema;
    if (shapes.size() == 1) {
      schema = ref(shapes.front());
    } else {
      json::array alternatives;
      for (auto shape : shapes) alternatives.emplace_back(ref(shape));
      schema["oneOf"] = std::move(alternatives);
    }
    out[std::to_string(status)] = json::object{
        {"description", description},
        {"content",
         json::object{{"application/json", json::object{{"schema", std::move(schema)},
                                                        {"examples", std::move(examples)}}}}}};
  }
  return out;
}

json::object operation(const Route& route) {
  json::object op;
  if (!route.tag.empty()) op["tags"] = json::array{json::value(route.tag)};
  op["summary"] = route.summary;
  std::string description = route.doc.description;
  if (route.permission) {
    if (!description.empty()) description += "\n\n";
    description += fmt::format("Requires permission id {} in the caller's role (else 403).",
                               *route.permission);
    op["x-permission"] = *route.permission;
  }
  if (!description.empty()) op["description"] = description;
  op["operationId"] = route.operation_id;
  if (auto params = parameters(route); !params.empty()) op["parameters"] = std::move(params);
  if (route.doc.body) op["requestBody"] = request_body(route);
  op["responses"] = responses(route);
  // Both headers are needed together: one requirement object naming both schemes.
  if (route.auth)
    op["security"] = json::array{json::object{{"token", json::array{}}, {"userid", json::array{}}}};
  return op;
}

json::object security_schemes() {
  auto header_key = [](std::string_view header, std::string_view description) {
    return json::object{
        {"type", "apiKey"}, {"in", "header"}, {"name", header}, {"description", description}};
  };
  return json::object{
      {"token", header_key("authorization",
                           "the token (UUID) from the login or registration reply, data.token; "
                           "raw, without a Bearer prefix")},
      {"userid", header_key("userid", "the caller's user id in decimal")}};
}

}  // namespace

std::string openapi_path(std::string_view pattern) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == ':' && i > 0 && pattern[i - 1] == '/') {
      auto end = pattern.find('/', i);
      if (end == std::string_view::npos) end = pattern.size();
      out += '{';
      out += pattern.substr(i + 1, end - i - 1);
      out += '}';
      i = end - 1;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

json::object build_document(const RouteTable& routes, std::uint16_t port) {
  json::object doc;
  doc["openapi"] = "3.0.3";
  doc["info"] = json::object{
      {"title", "for-nestjs"}, {"description", "The description for api."}, {"version", "1.0.0"}};
  doc["servers"] = json::array{json::object{{"url", fmt::format("http://127.0.0.1:{}", port)}},
                               json::object{{"url", fmt::format("https://127.0.0.1:{}", port)}}};
  json::array tags;
  for (const auto& [name, description] : kTags)
    tags.emplace_back(json::object{{"name", name}, {"description", description}});
  doc["tags"] = std::move(tags);

  json::object paths;
  for (const auto& route : routes.routes()) {
    auto& item = paths[openapi_path(route.pattern)];
    if (!item.is_object()) item = json::object{};
    item.as_object()[lower(route.method)] = operation(route);
  }
  doc["paths"] = std::move(paths);
  doc["components"] =
      json::object{{"securitySchemes", security_schemes()}, {"schemas", shared_schemas()}};
  return doc;
}

}  // namespace im::host::openapi
