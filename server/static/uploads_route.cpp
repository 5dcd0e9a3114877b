#include "server/static/uploads_route.hpp"

#include <fstream>
#include <sstream>

#include "server/static/static_files.hpp"

namespace im::host {
namespace {

constexpr std::string_view kPrefix = "/uploads/";
constexpr std::uintmax_t kMaxServedBytes = 256ull * 1024 * 1024;

}  // namespace

std::optional<Reply> serve_uploads(const HostConfig& config, const ApiRequest& request) {
  if (request.path.rfind(kPrefix, 0) != 0) return std::nullopt;
  if (request.method != "GET" && request.method != "HEAD") return std::nullopt;
  auto file = resolve_static_file(config.uploads_static_dir, request.path.substr(kPrefix.size()));
  std::error_code ec;
  if (!file || std::filesystem::file_size(*file, ec) > kMaxServedBytes || ec)
    return route_not_found(request.method, request.target);
  std::ifstream in(*file, std::ios::binary);
  std::ostringstream body;
  body << in.rdbuf();
  if (!in && !in.eof()) return route_not_found(request.method, request.target);
  Reply reply;
  reply.content_type = content_type_for(*file);
  reply.body = std::move(body).str();
  return reply;
}

}  // namespace im::host
