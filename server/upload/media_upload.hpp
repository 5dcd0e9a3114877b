// E6/E7: a chat image or video lands in MULTER_DEST/<userId>/ with its thumbnails.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "im/result.hpp"
#include "im/types.hpp"
#include "server/upload/form_receiver.hpp"

namespace im::host::upload {

enum class MediaKind { image, video };

struct MediaPaths {
  std::string path;
  std::optional<std::string> shot_path;  // videos only
  std::string small_path;
};

// Moves the form's `file` part into place and makes the thumbnails. Blocking (worker pool).
// Errors: generic 500 when there is no file or ffmpeg fails (the stored file stays).
Result<MediaPaths> store_media(MediaKind kind, FormReceiver& form, const std::string& multer_dest,
                               UserId user);

}  // namespace im::host::upload
