#include "server/admin/command_line.hpp"

#include "server/config/host_config.hpp"

#include <cstdio>
#include <stdexcept>

#include <fmt/format.h>

namespace im::host {
namespace {

struct CommandSpec {
  std::string_view name;
  std::size_t operands;
};

constexpr CommandSpec kCommands[] = {
    {"migrate", 0}, {"check-config", 0}, {"create-admin", 1}, {"version", 0}};

}  // namespace

void print_help(const LoadedConfig& loaded) {
  std::fputs(loaded.help_text.c_str(), stdout);
  std::fputs(
      "\n"
      "Commands (first on the line; without one the server runs):\n"
      "  migrate               create or update the database schema and seeds, then exit\n"
      "                        (status 1 on failure)\n"
      "  check-config          validate every setting and print the effective\n"
      "                        configuration, secrets masked (status 1 when invalid)\n"
      "  create-admin ACCOUNT  create a user with the admin role; the password is the\n"
      "                        first line of standard input\n"
      "  version               print the version\n"
      "\n"
      "Operators of the Debian package run them as the service user with its settings:\n"
      "  runuser -u im -- im_server migrate --env-file /etc/im/im.env\n",
      stdout);
}

CommandLine split_command_line(int argc, const char* const* argv) {
  CommandLine line;
  line.options.push_back(argc > 0 ? argv[0] : "im_server");
  int next = 1;
  if (argc > 1 && argv[1][0] != '-') {
    line.command = argv[1];
    const CommandSpec* spec = nullptr;
    for (const auto& c : kCommands)
      if (c.name == line.command) spec = &c;
    if (!spec)
      throw std::runtime_error(
          fmt::format("unknown command \"{}\" (see im_server --help)", line.command));
    next = 2;
    for (std::size_t i = 0; i < spec->operands; ++i, ++next) {
      if (next >= argc || argv[next][0] == '-')
        throw std::runtime_error(
            fmt::format("{} needs an argument (see im_server --help)", line.command));
      line.operands.emplace_back(argv[next]);
    }
  }
  for (; next < argc; ++next) line.options.push_back(argv[next]);
  return line;
}

}  // namespace im::host
