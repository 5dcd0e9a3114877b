#include "server/static/uploads_route.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "server/static/static_files.hpp"

namespace im::host {
namespace {

constexpr std::string_view kPrefix = "/uploads/";
constexpr std::uintmax_t kMaxServedBytes = 256ull * 1024 * 1024;

// Types a browser would run or render as a document of our origin: offered as downloads.
bool active_type(const std::filesystem::path& file) {
  static constexpr std::array<std::string_view, 6> active{".html", ".htm",   ".svg",
                                                          ".xml",  ".xhtml", ".js"};
  std::string ext = file.extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return std::find(active.begin(), active.end(), ext) != active.end();
}

}  // namespace

std::optional<Reply> serve_uploads(const HostConfig& config, const ApiRequest& request) {
  if (request.path.rfind(kPrefix, 0) != 0) return std::nullopt;
  if (request.method != "GET" && request.method != "HEAD") return std::nullopt;
  auto file = resolve_static_file(config.uploads_static_dir, request.path.substr(kPrefix.size()));
  if (!file) return route_not_found(request.method, request.target);
  // Opened here, on the worker pool; the connection streams it (never read whole into memory).
  // O_NONBLOCK: a FIFO put in the folder cannot block the open.
  int fd = ::open(file->c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return route_not_found(request.method, request.target);
  auto body = std::make_shared<FileBody>(fd, 0);
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
      static_cast<std::uintmax_t>(st.st_size) > kMaxServedBytes)
    return route_not_found(request.method, request.target);
  Reply reply;
  reply.content_type = content_type_for(*file);
  reply.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (active_type(*file)) reply.headers.emplace_back("Content-Disposition", "attachment");
  reply.file = std::make_shared<FileBody>(body->release(), static_cast<std::uint64_t>(st.st_size));
  return reply;
}

}  // namespace im::host
