#include "server/static/static_files.hpp"

#include <algorithm>
#include <map>

#include "server/http/percent_decode.hpp"

namespace im::host {
namespace {

// Decodes one path segment; refuses malformed escapes, encoded separators and NUL.
std::optional<std::string> decode_segment(std::string_view segment) {
  auto decoded = strict_percent_decode(segment);
  if (!decoded || decoded->find_first_of(std::string_view("/\\\0", 3)) != std::string::npos)
    return std::nullopt;
  return decoded;
}

}  // namespace

std::optional<std::filesystem::path> resolve_static_file(const std::filesystem::path& root,
                                                         std::string_view url_path) {
  std::filesystem::path relative;
  std::size_t pos = 0;
  while (pos <= url_path.size()) {
    auto slash = url_path.find('/', pos);
    if (slash == std::string_view::npos) slash = url_path.size();
    auto segment = decode_segment(url_path.substr(pos, slash - pos));
    if (!segment) return std::nullopt;
    if (*segment == "." || *segment == "..") return std::nullopt;
    if (!segment->empty()) relative /= *segment;
    pos = slash + 1;
  }
  if (relative.empty()) return std::nullopt;

  std::error_code ec;
  auto real_root = std::filesystem::canonical(root, ec);
  if (ec) return std::nullopt;
  // canonical() resolves symlinks: the result must still lie inside the root.
  auto real_file = std::filesystem::canonical(real_root / relative, ec);
  if (ec) return std::nullopt;
  auto [root_end, file_it] =
      std::mismatch(real_root.begin(), real_root.end(), real_file.begin(), real_file.end());
  if (root_end != real_root.end()) return std::nullopt;
  if (!std::filesystem::is_regular_file(real_file, ec)) return std::nullopt;
  return real_file;
}

std::string content_type_for(const std::filesystem::path& file) {
  static const std::map<std::string, std::string> types = {
      {".txt", "text/plain; charset=UTF-8"},
      {".html", "text/html; charset=UTF-8"},
      {".htm", "text/html; charset=UTF-8"},
      {".css", "text/css; charset=UTF-8"},
      {".js", "application/javascript; charset=UTF-8"},
      {".mjs", "application/javascript; charset=UTF-8"},
      {".json", "application/json; charset=UTF-8"},
      {".xml", "application/xml"},
      {".yml", "text/yaml; charset=UTF-8"},
      {".yaml", "text/yaml; charset=UTF-8"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".svg", "image/svg+xml"},
      {".ico", "image/x-icon"},
      {".bmp", "image/bmp"},
      {".mp4", "video/mp4"},
      {".webm", "video/webm"},
      {".mov", "video/quicktime"},
      {".mp3", "audio/mpeg"},
      {".wav", "audio/wav"},
      {".ogg", "audio/ogg"},
      {".m4a", "audio/mp4"},
      {".pdf", "application/pdf"},
      {".zip", "application/zip"},
      {".dmg", "application/x-apple-diskimage"},
      {".exe", "application/x-msdownload"},
  };
  auto ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto it = types.find(ext);
  return it == types.end() ? "application/octet-stream" : it->second;
}

}  // namespace im::host
