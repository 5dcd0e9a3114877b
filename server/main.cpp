// im_server: loads the configuration, starts the host, runs until SIGINT/SIGTERM.
#include <cstdio>
#include <exception>

#include "im/log.hpp"
#include "server/config/host_config.hpp"
#include "server/server.hpp"

int main(int argc, char** argv) {
  try {
    auto loaded = im::host::load_config(argc, argv);
    if (loaded.help_shown) {
      std::fputs(loaded.help_text.c_str(), stdout);
      return 0;
    }
    auto& config = loaded.config;
    if (auto level = im::log::parse_level(config.log_level)) im::log::set_level(*level);
    im::log::set_file(config.log_file, config.log_file_max_bytes, config.log_file_keep);

    im::host::Server server(config);
    server.install_signal_handlers();
    server.start();
    server.wait();
    im::log::info("im_server stopped");
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "im_server: %s\n", e.what());
    return 1;
  }
}
