// An im_server child process on a free loopback port with a throw-away SQLite database
// (the flags of tests/integration/harness.mjs plus --require-friendship false).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace im::bench {

class ServerProcess {
 public:
  // Starts the binary and waits (bounded) for its "listening on" line. Throws on failure.
  ServerProcess(const std::string& binary, const std::vector<std::string>& extra_args,
                const std::string& parent_dir);
  // SIGTERM, bounded wait, SIGKILL if needed; removes the temp dir.
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int pid() const { return pid_; }
  std::uint16_t port() const { return port_; }
  const std::string& dir() const { return dir_; }
  // Stops the server; returns its exit status (0 = clean).
  int stop();
  // stop() and remove the temp dir (the destructor and the interrupt path).
  void cleanup();

 private:
  std::string dir_;
  int pid_ = -1;
  std::uint16_t port_ = 0;
  int exit_status_ = -1;
};

}  // namespace im::bench
