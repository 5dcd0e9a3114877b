// The logger (libim/src/log/): lines reach the file in order through its writer thread, from
// many threads at once; flush() waits for them; rotation keeps `keep` old files; reopen() after
// the file was moved; JSON lines; levels per component, the component taken from the caller's
// folder.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <boost/json/parse.hpp>

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

namespace {

// Sends the logger to a fresh file under the temporary folder; restores stdout at the end.
struct LogToFile {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "im_log_test_file";
  std::string path = (dir / "im.log").string();
  LogToFile() {
    std::filesystem::remove_all(dir);
    im::log::set_stdout(false);
    im::log::set_file(path, 0, 0);
  }
  ~LogToFile() {
    im::log::set_file("", 0, 0);
    im::log::set_stdout(true);
    im::log::set_format(im::log::Format::text);
    im::log::set_level(im::log::Level::info);
    std::filesystem::remove_all(dir);
  }
  std::string text() {
    im::log::flush();
    return read_all(path);
  }
};

}  // namespace

TEST_CASE("the component of a line is the folder of the file that logs it", "[log]") {
  using im::log::Component;
  using im::log::component_of;
  STATIC_REQUIRE(component_of("/src/im/server/http/http_session.cpp") == Component::http);
  STATIC_REQUIRE(component_of("../server/socketio/engineio_connection.cpp") == Component::socketio);
  STATIC_REQUIRE(component_of("server/adapters/redis/async_client.cpp") == Component::redis);
  STATIC_REQUIRE(component_of("/x/server/adapters/mariadb/schema.cpp") == Component::storage);
  STATIC_REQUIRE(component_of("/x/libim/src/storage/sqlite/schema.cpp") == Component::storage);
  STATIC_REQUIRE(component_of("/x/libim/src/services/user_service.cpp") == Component::services);
  STATIC_REQUIRE(component_of("/x/libim/src/realtime/hub.cpp") == Component::realtime);
  STATIC_REQUIRE(component_of("/x/libim/src/engine.cpp") == Component::core);
  STATIC_REQUIRE(component_of("/x/server/main.cpp") == Component::server);
  STATIC_REQUIRE(component_of("/x/server/http_like/a.cpp") == Component::server);
  STATIC_REQUIRE(component_of("/x/tests/unit/log_test.cpp") == Component::server);
  CHECK(im::log::parse_component("socketio") == Component::socketio);
  CHECK_FALSE(im::log::parse_component("nosuch"));
}

TEST_CASE("LOG_LEVEL: a default level, then component=level pairs", "[log]") {
  using im::log::Component;
  using im::log::Level;
  REQUIRE(im::log::set_levels("warn, http=error,socketio=debug"));
  CHECK(im::log::level(Component::core) == Level::warn);
  CHECK(im::log::level(Component::http) == Level::error);
  CHECK(im::log::level(Component::socketio) == Level::debug);
  CHECK_FALSE(im::log::enabled(Level::warn, Component::http));
  CHECK(im::log::enabled(Level::debug, Component::socketio));
  for (const char* bad : {"", "loud", "info,http", "info,nosuch=debug", "http=debug,info"}) {
    CHECK_FALSE(im::log::valid_levels(bad));
    CHECK_FALSE(im::log::set_levels(bad));
  }
  CHECK(im::log::level(Component::http) == Level::error);  // a refused spec changes nothing
  CHECK(im::log::valid_levels("http=debug"));
  im::log::set_level(Level::info);
}

TEST_CASE("a component below its level writes nothing; the others do", "[log]") {
  LogToFile log;
  REQUIRE(im::log::set_levels("info,server=error"));
  im::log::warn("dropped: this file is in the server component");
  im::log::error("kept {}", 1);
  const auto text = log.text();
  CHECK(text.find("dropped") == std::string::npos);
  CHECK(text.find("ERROR [server] kept 1\n") != std::string::npos);
}

TEST_CASE("LOG_FORMAT=json: one valid JSON object per line, whatever the message holds", "[log]") {
  LogToFile log;
  im::log::set_format(im::log::Format::json);
  im::log::warn("quote \" backslash \\ newline \n tab \t bell \x07 utf8 é");
  im::log::warn("not utf8 \xff\xfe end");
  const auto text = log.text();
  std::vector<boost::json::object> records;
  std::size_t at = 0;
  for (auto nl = text.find('\n'); nl != std::string::npos; at = nl + 1, nl = text.find('\n', at))
    records.push_back(boost::json::parse(text.substr(at, nl - at)).as_object());
  REQUIRE(records.size() == 2);
  CHECK(records[0].at("level").as_string() == "warn");
  CHECK(records[0].at("component").as_string() == "server");
  CHECK(records[0].at("msg").as_string() ==
        "quote \" backslash \\ newline \n tab \t bell \x07 utf8 é");
  CHECK(records[0].at("time").as_string().size() == 24);
  CHECK(records[1].at("msg").as_string() == "not utf8 \u00ff\u00fe end");
}

TEST_CASE("lines of many threads all arrive, each thread's in order", "[log]") {
  LogToFile log;
  constexpr int kThreads = 4, kLines = 2000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([t] {
      for (int i = 0; i < kLines; ++i) im::log::warn("t{} n{}", t, i);
    });
  for (auto& th : threads) th.join();
  const auto text = log.text();
  for (int t = 0; t < kThreads; ++t) {
    std::size_t at = 0;
    for (int i = 0; i < kLines; ++i) {
      const auto next = text.find(" t" + std::to_string(t) + " n" + std::to_string(i) + "\n", at);
      REQUIRE(next != std::string::npos);
      at = next;
    }
  }
}

TEST_CASE("reopen() starts a new file after the old one was moved away", "[log]") {
  LogToFile log;
  im::log::warn("before the move");
  im::log::flush();
  std::filesystem::rename(log.path, log.path + ".1");
  im::log::reopen();
  im::log::warn("after the move");
  const auto text = log.text();
  CHECK(text.find("after the move") != std::string::npos);
  CHECK(text.find("before the move") == std::string::npos);
  CHECK(read_all(log.path + ".1").find("before the move") != std::string::npos);
}
