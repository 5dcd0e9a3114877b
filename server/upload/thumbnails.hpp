// Thumbnails through the ffmpeg program (docs/contract/http-api.md E6/E7). Blocking: worker threads
// only.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace im::host::upload {

// Runs `ffmpeg` with `args` (no shell), waiting at most `timeout_s`. False when ffmpeg is
// missing, fails or times out.
bool run_ffmpeg(const std::vector<std::string>& args, int timeout_s = 60);

enum class MediaKind;  // media_upload.hpp

// The ffmpeg input options for an uploaded file: `-protocol_whitelist file`, the demuxer pinned
// by the file's extension (or, for an unknown extension, a whitelist of the demuxers of `kind`),
// and `-i file:<absolute path>`.
std::vector<std::string> input_args(const std::filesystem::path& source, MediaKind kind);

// E6: `<stem>-small.<ext>`, 20 px wide, height proportional.
bool image_thumbnail(const std::filesystem::path& source, const std::filesystem::path& small);
// E7: a full-size frame `<stem>.png` and a 20 px wide `<stem>-small.png`.
bool video_shots(const std::filesystem::path& source, const std::filesystem::path& shot,
                 const std::filesystem::path& small);

}  // namespace im::host::upload
