#include "server/openapi/docs_route.hpp"

#include <fstream>
#include <sstream>

#include <boost/json/serialize.hpp>

#include "server/openapi/document.hpp"
#include "server/openapi/swagger_assets.hpp"
#include "server/openapi/swagger_page.hpp"
#include "server/openapi/yaml.hpp"
#include "server/static/static_files.hpp"

namespace im::host::openapi {
namespace {

Reply text_reply(std::string content_type, std::string body) {
  Reply reply;
  reply.content_type = std::move(content_type);
  reply.body = std::move(body);
  return reply;
}

std::optional<Reply> asset_reply(const HostConfig& config, std::string_view name) {
  auto file = swagger_asset(config, name);
  if (!file) return std::nullopt;
  std::ifstream in(*file, std::ios::binary);
  std::ostringstream body;
  body << in.rdbuf();
  if (!in && !in.eof()) return std::nullopt;
  auto reply = text_reply(content_type_for(*file), std::move(body).str());
  reply.headers.emplace_back("Cache-Control", "public, max-age=3600");
  return reply;
}

}  // namespace

std::optional<Reply> serve_docs(const HostConfig& config, const RouteTable& routes,
                                const ApiRequest& request) {
  if (request.method != "GET" && request.method != "HEAD") return std::nullopt;
  PathParams params;
  if (match_pattern("/api/docs", request.path, params))
    return text_reply("text/html; charset=utf-8", swagger_page(swagger_assets_present(config)));
  if (match_pattern("/api/docs-json", request.path, params))
    return text_reply(std::string(json_content_type),
                      boost::json::serialize(build_document(routes, config.port)));
  if (match_pattern("/api/docs-yaml", request.path, params))
    return text_reply("text/yaml; charset=utf-8", to_yaml(build_document(routes, config.port)));
  if (match_pattern("/api/docs/:file", request.path, params)) {
    if (auto reply = asset_reply(config, params.front().second)) return reply;
    return route_not_found(request.method, request.target);
  }
  return std::nullopt;
}

}  // namespace im::host::openapi
