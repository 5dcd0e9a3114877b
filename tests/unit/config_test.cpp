#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <map>

#include "server/config/effective_config.hpp"
#include "server/config/host_config.hpp"

using im::host::load_config;

namespace {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("im-config-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
  }
  static int& counter() {
    static int c = 0;
    return c;
  }
};

im::host::LoadedConfig load(const TempDir& dir, std::vector<std::string> flags = {}) {
  std::vector<const char*> argv{"im_server", "--env-dir", dir.path.c_str()};
  for (auto& f : flags) argv.push_back(f.c_str());
  return load_config(static_cast<int>(argv.size()), argv.data());
}

struct EnvGuard {
  std::vector<std::string> names;
  void set(const std::string& name, const std::string& value) {
    ::setenv(name.c_str(), value.c_str(), 1);
    names.push_back(name);
  }
  ~EnvGuard() {
    for (auto& n : names) ::unsetenv(n.c_str());
  }
};

}  // namespace

TEST_CASE("flags beat the environment, which beats the env files", "[config]") {
  TempDir dir;
  dir.write(".env",
            "CLIENTORIGIN=http://a___http://b\nSECRET_KEY=from-dotenv\nPORT=4000\n"
            "USER_AUTH_KEY=dotenv_prefix\nDB_NAME=dotenv\n");
  dir.write(".env.prod", "PORT=5000\nDB_NAME=\"prod file\"\n# comment\n");
  EnvGuard env;
  env.set("DB_NAME", "from-env");
  env.set("USER_AUTH_KEY", "env_prefix");

  auto c = load(dir, {"--user-auth-key", "flag_prefix"}).config;
  CHECK(c.production);
  CHECK(c.port == 5000);  // .env.prod wins over .env
  CHECK(c.db.name == "from-env");
  CHECK(c.engine.user_auth_key == "flag_prefix");
  CHECK(c.engine.secret_key == "from-dotenv");
  CHECK(c.client_origins == std::vector<std::string>{"http://a", "http://b"});
}

TEST_CASE("NODE_ENV=dev reads .env.dev and allows a missing SECRET_KEY", "[config]") {
  TempDir dir;
  dir.write(".env.dev", "CLIENTORIGIN=http://localhost:1212\nPORT=3001\n");
  dir.write(".env.prod", "PORT=3002\n");
  auto c = load(dir, {"--node-env", "dev"}).config;
  CHECK_FALSE(c.production);
  CHECK(c.port == 3001);
  CHECK(c.engine.secret_key.size() >= 32);  // random per process, never a built-in default
}

TEST_CASE("production without SECRET_KEY or CLIENTORIGIN refuses to start", "[config]") {
  TempDir dir;
  dir.write(".env", "CLIENTORIGIN=http://a\n");
  CHECK_THROWS_WITH(load(dir), Catch::Contains("SECRET_KEY"));
  TempDir dir2;
  dir2.write(".env", "SECRET_KEY=x\n");
  CHECK_THROWS_WITH(load(dir2), Catch::Contains("CLIENTORIGIN"));
}

TEST_CASE("bad numbers are clear start-up errors", "[config]") {
  TempDir dir;
  dir.write(".env", "CLIENTORIGIN=http://a\nSECRET_KEY=x\n");
  CHECK_THROWS_WITH(load(dir, {"--port", "70000"}), Catch::Contains("PORT"));
  CHECK_THROWS_WITH(load(dir, {"--require-friendship", "maybe"}),
                    Catch::Contains("REQUIRE_FRIENDSHIP"));
  auto c = load(dir, {"--require-friendship", "false", "--trusted-proxies", "10.0.0.1, ::1"});
  CHECK_FALSE(c.config.engine.require_friendship);
  CHECK(c.config.trusted_proxies == std::vector<std::string>{"10.0.0.1", "::1"});
}

TEST_CASE("--help prints every key", "[config]") {
  TempDir dir;
  auto loaded = load(dir, {"--help"});
  CHECK(loaded.help_shown);
  CHECK(loaded.help_text.find("CLIENTORIGIN") != std::string::npos);
  CHECK(loaded.help_text.find("--db-host") != std::string::npos);
}

TEST_CASE("SQLITE_SYNC is full unless normal is asked for; anything else is refused", "[config]") {
  TempDir dir;
  dir.write(".env", "CLIENTORIGIN=http://a\nSECRET_KEY=x\n");
  CHECK(load(dir).config.sqlite_sync_full);
  CHECK_FALSE(load(dir, {"--sqlite-sync", "normal"}).config.sqlite_sync_full);
  CHECK(load(dir, {"--sqlite-sync", "full"}).config.sqlite_sync_full);
  CHECK_THROWS_WITH(load(dir, {"--sqlite-sync", "off"}), Catch::Contains("SQLITE_SYNC"));
}

TEST_CASE("the stop and close-grace durations are whole seconds", "[config]") {
  TempDir dir;
  dir.write(".env", "CLIENTORIGIN=http://a\nSECRET_KEY=x\nWS_CLOSE_GRACE=2\n");
  auto defaults = load(dir).config;
  CHECK(defaults.shutdown_timeout == std::chrono::seconds(10));
  CHECK(defaults.ws_close_grace == std::chrono::seconds(2));
  auto c = load(dir, {"--shutdown-timeout", "30", "--ws-close-grace", "1"}).config;
  CHECK(c.shutdown_timeout == std::chrono::seconds(30));
  CHECK(c.ws_close_grace == std::chrono::seconds(1));
  CHECK_THROWS_WITH(load(dir, {"--shutdown-timeout", "0"}), Catch::Contains("SHUTDOWN_TIMEOUT"));
}

TEST_CASE("--env-file sits between the .env files and the environment", "[config]") {
  TempDir dir;
  dir.write(".env", "CLIENTORIGIN=http://a\nSECRET_KEY=x\nPORT=4000\nDB_NAME=dotenv\n");
  dir.write("im.env", "PORT=4100\nDB_NAME=envfile\nLOG_FORMAT=json\n");
  EnvGuard env;
  env.set("DB_NAME", "from-env");
  auto c = load(dir, {"--env-file", (dir.path / "im.env").string()}).config;
  CHECK(c.port == 4100);
  CHECK(c.db.name == "from-env");
  CHECK(c.log_format == "json");
  CHECK_THROWS_WITH(load(dir, {"--env-file", (dir.path / "none.env").string()}),
                    Catch::Contains("cannot be read"));
}

TEST_CASE("SECRET_KEY_FILE supplies the key when SECRET_KEY is unset", "[config]") {
  TempDir dir;
  dir.write(".env", "CLIENTORIGIN=http://a\n");
  dir.write("secret", "from-file\n");
  const auto file = (dir.path / "secret").string();
  CHECK(load(dir, {"--secret-key-file", file}).config.engine.secret_key == "from-file");
  CHECK(load(dir, {"--secret-key-file", file, "--secret-key", "flag"}).config.engine.secret_key ==
        "flag");
  dir.write("empty", "\n");
  CHECK_THROWS_WITH(load(dir, {"--secret-key-file", (dir.path / "empty").string()}),
                    Catch::Contains("is empty"));
  CHECK_THROWS_WITH(load(dir, {"--secret-key-file", (dir.path / "none").string()}),
                    Catch::Contains("cannot be read"));
}

TEST_CASE("LOG_LEVEL takes component levels, LOG_FORMAT text or json", "[config]") {
  TempDir dir;
  dir.write(".env", "CLIENTORIGIN=http://a\nSECRET_KEY=x\n");
  CHECK(load(dir, {"--log-level", "warn,http=error, socketio = debug"}).config.log_level ==
        "warn,http=error, socketio = debug");
  CHECK_THROWS_WITH(load(dir, {"--log-level", "info,nosuch=debug"}), Catch::Contains("LOG_LEVEL"));
  CHECK_THROWS_WITH(load(dir, {"--log-format", "xml"}), Catch::Contains("LOG_FORMAT"));
  CHECK(load(dir, {"--log-file-max-bytes", "0"}).config.log_file_max_bytes == 0);
  CHECK_THROWS_WITH(load(dir, {"--log-file-max-bytes", "10"}),
                    Catch::Contains("LOG_FILE_MAX_BYTES"));
}

TEST_CASE("the storage commands need neither SECRET_KEY nor CLIENTORIGIN", "[config]") {
  TempDir dir;
  std::vector<const char*> argv{"im_server", "--env-dir", dir.path.c_str()};
  auto loaded =
      load_config(static_cast<int>(argv.size()), argv.data(), ".", im::host::ConfigUse::storage);
  CHECK(loaded.config.engine.secret_key.empty());
  CHECK_THROWS_WITH(load(dir), Catch::Contains("CLIENTORIGIN"));
}

TEST_CASE("effective_settings shows every key, defaults included, secrets masked", "[config]") {
  TempDir dir;
  dir.write(".env", "CLIENTORIGIN=http://a___http://b\nSECRET_KEY=s3cret\nDB_PASS=pw\n");
  auto settings = im::host::effective_settings(load(dir).config);
  const auto keys = im::host::setting_keys();
  REQUIRE(settings.size() == keys.size());
  std::map<std::string, std::string> by_key;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    CHECK(settings[i].first == keys[i]);
    CHECK(settings[i].second != "(not shown)");
    by_key[settings[i].first] = settings[i].second;
  }
  CHECK(by_key["SECRET_KEY"] == im::host::masked_secret);
  CHECK(by_key["DB_PASS"] == im::host::masked_secret);
  CHECK(by_key["REDIS_PWD"].empty());
  CHECK(by_key["CLIENTORIGIN"] == "http://a___http://b");
  CHECK(by_key["PORT"] == "3000");
  CHECK(by_key["SQLITE_SYNC"] == "full");
}
