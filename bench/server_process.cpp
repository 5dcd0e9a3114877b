#include "bench/server_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace im::bench {
namespace {

std::string make_temp_dir(const std::string& parent) {
  std::string base = parent.empty() ? std::filesystem::temp_directory_path().string() : parent;
  std::string pattern = base + "/im-bench-XXXXXX";
  if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temp dir under " + base);
  return pattern;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

ServerProcess::ServerProcess(const std::string& binary, const std::vector<std::string>& extra_args,
                             const std::string& parent_dir)
    : dir_(make_temp_dir(parent_dir)) {
  std::vector<std::string> args = {binary,
                                   "--env-dir",
                                   dir_,
                                   "--port",
                                   "0",
                                   "--bind-address",
                                   "127.0.0.1",
                                   "--sqlite-path",
                                   dir_ + "/im.db",
                                   "--secret-key",
                                   "im-bench-secret",
                                   "--clientorigin",
                                   "http://localhost:1212___http://127.0.0.1:1212",
                                   "--log-file",
                                   "",
                                   "--multer-dest",
                                   dir_ + "/upload",
                                   "--uploads-static-dir",
                                   dir_ + "/uploads",
                                   "--require-friendship",
                                   "false"};
  // Senders run at the rate the server acks, far past the per-user send limit;
  // --server-arg=--send-rate-per-user=N sets one again.
  args.insert(args.end(), {"--send-rate-per-user", "0"});
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  const std::string log_path = dir_ + "/server.log";

  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    // The server never outlives the benchmark, even when im_bench is killed.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    // im_bench blocks SIGINT/SIGTERM for its interrupt thread; the server must get them again.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
      close(fd);
    }
    setenv("TZ", "UTC", 1);
    setenv("NODE_ENV", "test", 1);
    execv(argv[0], argv.data());
    _exit(127);
  }

  static const std::regex listening(R"(listening on https?://[^\s:]+:(\d+))");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch m;
    std::string log = read_file(log_path);
    if (std::regex_search(log, m, listening)) {
      port_ = static_cast<std::uint16_t>(std::stoi(m[1].str()));
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      std::filesystem::remove_all(dir_);
      throw std::runtime_error("im_server exited before listening:\n" + log);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  stop();
  std::filesystem::remove_all(dir_);
  throw std::runtime_error("im_server did not report listening within 30 s");
}

int ServerProcess::stop() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    bool done = false;
    // A server still working off a backlog (e.g. queued delivery bookkeeping) may need a while.
    for (int i = 0; i < 1500 && !done; ++i) {  // 30 s
      done = waitpid(pid_, &status, WNOHANG) == pid_;
      if (!done) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (!done) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
    }
    exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    pid_ = -1;
  }
  return exit_status_;
}

void ServerProcess::cleanup() {
  stop();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

ServerProcess::~ServerProcess() {
  cleanup();
}

}  // namespace im::bench
