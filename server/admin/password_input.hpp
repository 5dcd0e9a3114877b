// The password of create-admin: the first line of standard input, never an argument (it would
// show in `ps` and the shell's history). On a terminal it is asked for without echo.
#pragma once

#include <optional>
#include <string>

namespace im::host {

// nullopt when standard input ends before a line.
std::optional<std::string> read_password(const char* prompt);

}  // namespace im::host
