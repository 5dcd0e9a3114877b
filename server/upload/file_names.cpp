#include "server/upload/file_names.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <stdexcept>

#include "im/auth/random.hpp"

namespace im::host::upload {

std::string safe_base_name(std::string_view client_name) {
  // Only the last path component counts, whichever separator the client used.
  auto slash = client_name.find_last_of("/\\");
  if (slash != std::string_view::npos) client_name.remove_prefix(slash + 1);
  std::string name;
  for (char c : client_name) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' ||
        c == '>' || c == '|')
      continue;
    name += c;
  }
  // No hidden files and no "." / ".." names.
  auto first = name.find_first_not_of('.');
  name = first == std::string::npos ? std::string() : name.substr(first);
  while (!name.empty() && (name.back() == ' ' || name.back() == '.')) name.pop_back();
  if (name.size() > 200) {
    auto [stem, ext] = split_extension(name);
    name = stem.substr(0, 200 - std::min<std::size_t>(ext.size() + 1, 40)) +
           (ext.empty() ? "" : "." + ext.substr(0, 39));
  }
  if (name.empty()) name = "upload-" + auth::random_id(12);
  return name;
}

std::pair<std::string, std::string> split_extension(std::string_view name) {
  auto dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {std::string(name), ""};
  return {std::string(name.substr(0, dot)), std::string(name.substr(dot + 1))};
}

std::filesystem::path claim_unique_path(const std::filesystem::path& dir, const std::string& name) {
  auto [stem, ext] = split_extension(name);
  for (int n = 0; n < 10000; ++n) {
    std::string candidate =
        n == 0 ? name : stem + "-" + std::to_string(n) + (ext.empty() ? "" : "." + ext);
    auto path = dir / candidate;
    // O_EXCL: atomic "create only if absent", also refuses to follow a planted symlink.
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd >= 0) {
      ::close(fd);
      return path;
    }
    if (errno != EEXIST) throw std::runtime_error("cannot create an upload file");
  }
  throw std::runtime_error("no free upload file name");
}

}  // namespace im::host::upload
