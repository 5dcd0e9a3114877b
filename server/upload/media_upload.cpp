#include "server/upload/media_upload.hpp"

#include "im/log_format.hpp"
#include "server/upload/file_names.hpp"
#include "server/upload/thumbnails.hpp"

namespace im::host::upload {
namespace fs = std::filesystem;

namespace {

// The reply shows file-system paths built from MULTER_DEST, not URLs (J34).
std::string shown_path(const std::string& multer_dest, UserId user, const fs::path& file) {
  std::string base = multer_dest;
  while (base.size() > 1 && base.back() == '/') base.pop_back();
  return base + "/" + std::to_string(user) + "/" + file.filename().string();
}

}  // namespace

Result<MediaPaths> store_media(MediaKind kind, FormReceiver& form, const std::string& multer_dest,
                               UserId user) {
  auto files = form.files("file");
  if (files.empty()) return Error::internal();
  const auto& file = files.front();
  fs::path dir = fs::path(multer_dest) / std::to_string(user);
  std::error_code ec;
  fs::create_directories(dir, ec);
  fs::path target;
  try {
    target = claim_unique_path(dir, file.safe_name);
    fs::rename(file.staged_path, target);
  } catch (const std::exception& e) {
    log::error("upload of user {} not stored: {}", user, e.what());
    return Error::internal();
  }
  form.release_files();

  auto [stem, ext] = split_extension(target.filename().string());
  MediaPaths paths;
  paths.path = shown_path(multer_dest, user, target);
  if (kind == MediaKind::image) {
    auto small = claim_unique_path(dir, stem + "-small" + (ext.empty() ? "" : "." + ext));
    if (!image_thumbnail(target, small)) {
      fs::remove(small, ec);
      log::warn("image thumbnail failed for {} (is ffmpeg installed?)", paths.path);
      return Error::internal();
    }
    paths.small_path = shown_path(multer_dest, user, small);
  } else {
    auto shot = claim_unique_path(dir, stem + ".png");
    auto small = claim_unique_path(dir, stem + "-small.png");
    if (!video_shots(target, shot, small)) {
      fs::remove(shot, ec);
      fs::remove(small, ec);
      log::warn("video shots failed for {} (is ffmpeg installed?)", paths.path);
      return Error::internal();
    }
    paths.shot_path = shown_path(multer_dest, user, shot);
    paths.small_path = shown_path(multer_dest, user, small);
  }
  return paths;
}

}  // namespace im::host::upload
