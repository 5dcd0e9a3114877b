// im_server's command line (server/admin/command_line.cpp): a command first, then options.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "server/admin/command_line.hpp"

using im::host::split_command_line;

namespace {

im::host::CommandLine split(std::vector<const char*> argv) {
  return split_command_line(static_cast<int>(argv.size()), argv.data());
}

}  // namespace

TEST_CASE("without a command every argument is an option of the server", "[admin]") {
  auto line = split({"im_server", "--port", "3000"});
  CHECK(line.command.empty());
  CHECK(line.options == std::vector<const char*>{"im_server", "--port", "3000"});
}

TEST_CASE("a command and its operand come first; the rest are options", "[admin]") {
  auto line = split({"im_server", "create-admin", "13800000000", "--sqlite-path", "x.db"});
  CHECK(line.command == "create-admin");
  CHECK(line.operands == std::vector<std::string>{"13800000000"});
  CHECK(line.options_count() == 3);
  CHECK(std::string(line.options[1]) == "--sqlite-path");
  CHECK(split({"im_server", "migrate"}).command == "migrate");
}

TEST_CASE("unknown commands and missing operands are refused", "[admin]") {
  CHECK_THROWS_WITH(split({"im_server", "serve"}), Catch::Contains("unknown command"));
  CHECK_THROWS_WITH(split({"im_server", "create-admin"}), Catch::Contains("needs an argument"));
  CHECK_THROWS_WITH(split({"im_server", "create-admin", "--port", "1"}),
                    Catch::Contains("needs an argument"));
}
