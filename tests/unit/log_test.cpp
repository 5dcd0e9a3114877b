// The logger (libim/src/log.cpp): lines reach the file in order through its writer thread;
// flush() waits for them; rotation keeps `keep` old files.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "im/log_format.hpp"

namespace {

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("log lines reach the file in order; flush() waits for them", "[log]") {
  auto dir = std::filesystem::temp_directory_path() / "im_log_test";
  std::filesystem::remove_all(dir);
  const auto path = (dir / "im.log").string();
  im::log::set_stdout(false);
  im::log::set_file(path, 0, 0);
  for (int i = 0; i < 500; ++i) im::log::warn("line {}", i);
  im::log::flush();
  const std::string text = read_all(path);
  std::size_t at = 0;
  for (int i = 0; i < 500; ++i) {
    const auto next = text.find(" line " + std::to_string(i) + "\n", at);
    REQUIRE(next != std::string::npos);
    at = next;
  }

  SECTION("rotation keeps the newest lines and `keep` older files") {
    im::log::set_file(path, 200, 2);
    for (int i = 0; i < 50; ++i) {
      im::log::warn("rotated {}", i);
      im::log::flush();  // one line per write, so every file stays near the limit
    }
    CHECK(std::filesystem::exists(path + ".1"));
    CHECK(std::filesystem::exists(path + ".2"));
    CHECK_FALSE(std::filesystem::exists(path + ".3"));
    CHECK(read_all(path).find("rotated 49") != std::string::npos);
    CHECK(std::filesystem::file_size(path) <= 200);
  }
  im::log::set_file("", 0, 0);
  im::log::set_stdout(true);
  std::filesystem::remove_all(dir);
}
