// im_server: loads the configuration, starts the host, runs until SIGINT/SIGTERM, then stops
// gracefully within SHUTDOWN_TIMEOUT. A command first (migrate, check-config, ...) runs that
// instead (server/admin).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <thread>

#include "im/log_format.hpp"
#include "server/admin/admin_commands.hpp"
#include "server/admin/command_line.hpp"
#include "server/config/host_config.hpp"
#include "server/im_server.hpp"

namespace {

// A stop that outlives `timeout` (a database that does not answer the last commits, say) must
// not keep the process: it exits with status 1, so that a supervisor sees the stop was cut short.
void exit_after(std::chrono::seconds timeout) {
  std::thread([timeout] {
    std::this_thread::sleep_for(timeout);
    im::log::error("stop still running after SHUTDOWN_TIMEOUT ({} s): exiting", timeout.count());
    std::_Exit(1);
  }).detach();
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const auto line = im::host::split_command_line(argc, argv);
    if (!line.command.empty()) return im::host::run_admin_command(line);
    auto loaded = im::host::load_config(line.options_count(), line.options.data());
    if (loaded.help_shown) {
      im::host::print_help(loaded);
      return 0;
    }
    auto& config = loaded.config;
    im::log::set_levels(config.log_level);
    im::log::set_format(*im::log::parse_format(config.log_format));
    im::log::set_file(config.log_file, config.log_file_max_bytes, config.log_file_keep);

    im::host::ImServer server(config);
    server.install_signal_handlers();
    server.start();
    server.wait();
    exit_after(config.shutdown_timeout);
    server.stop();
    im::log::info("im_server stopped");
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "im_server: %s\n", e.what());
    return 1;
  }
}
