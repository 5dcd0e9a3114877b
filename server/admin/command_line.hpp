// im_server's command line: an optional command first (migrate, check-config, create-admin
// ACCOUNT, version), then the options. Without a command the server runs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace im::host {

struct CommandLine {
  std::string command;                // empty: serve
  std::vector<std::string> operands;  // create-admin's ACCOUNT
  std::vector<const char*> options;   // argv[0] and every option, for load_config

  int options_count() const { return static_cast<int>(options.size()); }
};

// Throws std::runtime_error for an unknown command or a missing operand.
CommandLine split_command_line(int argc, const char* const* argv);

struct LoadedConfig;
// --help: every option (loaded.help_text), then the commands.
void print_help(const LoadedConfig& loaded);

}  // namespace im::host
