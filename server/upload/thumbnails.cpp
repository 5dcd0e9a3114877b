#include "server/upload/thumbnails.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <thread>

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

bool image_thumbnail(const std::filesystem::path& source, const std::filesystem::path& small) {
  return run_ffmpeg({"-i", source.string(), "-vf", "scale=20:-1", small.string()});
}

bool video_shots(const std::filesystem::path& source, const std::filesystem::path& shot,
                 const std::filesystem::path& small) {
  return run_ffmpeg({"-i", source.string(), "-frames:v", "1", shot.string()}) &&
         run_ffmpeg({"-i", shot.string(), "-vf", "scale=20:-1", small.string()});
}

}  // namespace im::host::upload
