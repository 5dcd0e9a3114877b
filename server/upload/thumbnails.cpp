#include "server/upload/thumbnails.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <csignal>
#include <thread>

#include "server/upload/media_upload.hpp"

extern char** environ;

namespace im::host::upload {

bool run_ffmpeg(const std::vector<std::string>& args, int timeout_s) {
  std::vector<std::string> full{"ffmpeg", "-nostdin", "-loglevel", "error", "-y"};
  full.insert(full.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : full) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, "ffmpeg", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return false;  // ffmpeg is not installed

  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  int status = 0;
  for (;;) {
    pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0) return false;
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

namespace {

// Uploads are read with a pinned demuxer (issue 11): with auto-detection a file named x.png that
// is really an HLS playlist or a concat script would make ffmpeg open whatever it lists. The
// demuxer follows the extension; an unknown extension may only be one of the demuxers of its
// kind (-format_whitelist), and only local files may be opened (-protocol_whitelist file, paths
// given as file: URLs so that no name is read as another protocol).
struct Demuxers {
  std::vector<std::pair<std::string_view, std::string_view>> by_extension;
  std::string all;  // comma-separated, for -format_whitelist
};

const Demuxers& image_demuxers() {
  static const Demuxers d{{{"png", "png_pipe"},
                           {"apng", "apng"},
                           {"jpg", "jpeg_pipe"},
                           {"jpeg", "jpeg_pipe"},
                           {"jfif", "jpeg_pipe"},
                           {"gif", "gif"},
                           {"webp", "webp_pipe"},
                           {"bmp", "bmp_pipe"},
                           {"tif", "tiff_pipe"},
                           {"tiff", "tiff_pipe"}},
                          "png_pipe,apng,jpeg_pipe,gif,webp_pipe,bmp_pipe,tiff_pipe"};
  return d;
}

const Demuxers& video_demuxers() {
  // "mov" is the demuxer of mp4/mov/m4v/3gp; "matroska" reads webm too.
  static const Demuxers d{{{"mp4", "mov"},
                           {"m4v", "mov"},
                           {"mov", "mov"},
                           {"3gp", "mov"},
                           {"webm", "matroska"},
                           {"mkv", "matroska"},
                           {"avi", "avi"},
                           {"flv", "flv"},
                           {"mpg", "mpeg"},
                           {"mpeg", "mpeg"},
                           {"ogv", "ogg"},
                           {"ts", "mpegts"}},
                          "mov,matroska,avi,flv,mpeg,ogg,mpegts"};
  return d;
}

std::string lower_extension(const std::filesystem::path& file) {
  std::string ext = file.extension().string();
  if (!ext.empty()) ext.erase(0, 1);
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

std::string file_url(const std::filesystem::path& file) {
  return "file:" + std::filesystem::absolute(file).string();
}

}  // namespace

std::vector<std::string> input_args(const std::filesystem::path& source, MediaKind kind) {
  const auto& demuxers = kind == MediaKind::image ? image_demuxers() : video_demuxers();
  std::vector<std::string> args{"-protocol_whitelist", "file"};
  const auto ext = lower_extension(source);
  auto known = std::find_if(demuxers.by_extension.begin(), demuxers.by_extension.end(),
                            [&](const auto& e) { return e.first == ext; });
  if (known != demuxers.by_extension.end()) {
    args.insert(args.end(), {"-format_whitelist", std::string(known->second), "-f",
                             std::string(known->second)});
  } else {
    args.insert(args.end(), {"-format_whitelist", demuxers.all});
  }
  args.insert(args.end(), {"-i", file_url(source)});
  return args;
}

bool image_thumbnail(const std::filesystem::path& source, const std::filesystem::path& small) {
  auto args = input_args(source, MediaKind::image);
  args.insert(args.end(), {"-vf", "scale=20:-1", file_url(small)});
  return run_ffmpeg(args);
}

bool video_shots(const std::filesystem::path& source, const std::filesystem::path& shot,
                 const std::filesystem::path& small) {
  auto first = input_args(source, MediaKind::video);
  first.insert(first.end(), {"-frames:v", "1", file_url(shot)});
  if (!run_ffmpeg(first)) return false;
  auto second = input_args(shot, MediaKind::image);  // the PNG written just above
  second.insert(second.end(), {"-vf", "scale=20:-1", file_url(small)});
  return run_ffmpeg(second);
}

}  // namespace im::host::upload
