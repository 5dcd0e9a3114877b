// The operator commands of im_server (docs/operations.md "Admin commands"). Each prints what it
// did to stdout, errors to stderr, and returns the process's exit status.
#pragma once

#include "server/admin/command_line.hpp"

namespace im::host {

// Runs line.command (not empty). Settings come from line.options as for the server.
int run_admin_command(const CommandLine& line);

}  // namespace im::host
