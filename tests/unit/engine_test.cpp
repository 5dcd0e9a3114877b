// im::Engine::create and the embedded factories report failures as values (issue 16 item 4).
#include <catch2/catch.hpp>

#include "im/engine.hpp"
#include "im/sqlite_storage.hpp"

TEST_CASE("an engine without a secret key is an invalid_argument error", "[engine]") {
  im::EngineConfig config;  // no secret
  auto ports = im::make_embedded_ports(":memory:");
  REQUIRE(ports);
  auto engine = im::Engine::create(config, std::move(ports).value());
  REQUIRE_FALSE(engine);
  CHECK(engine.error().code == im::Errc::invalid_argument);
  CHECK(engine.error().detail.find("secret") != std::string::npos);
}

TEST_CASE("an engine without storage ports is an invalid_argument error", "[engine]") {
  im::EngineConfig config;
  config.secret_key = "s";
  auto engine = im::Engine::create(config, im::EnginePorts{});
  REQUIRE_FALSE(engine);
  CHECK(engine.error().code == im::Errc::invalid_argument);
}

TEST_CASE("a database path that cannot be opened is a storage error", "[engine]") {
  auto ports = im::make_embedded_ports("/nonexistent-dir/sub/im.db");
  REQUIRE_FALSE(ports);
  CHECK(ports.error().code == im::Errc::storage);
  CHECK(ports.error().detail.find("/nonexistent-dir/sub/im.db") != std::string::npos);
}

TEST_CASE("a valid configuration gives a migrated engine", "[engine]") {
  im::EngineConfig config;
  config.secret_key = "s";
  config.bcrypt_cost = 4;
  auto engine = im::Engine::create(config, im::make_embedded_ports(":memory:").value());
  REQUIRE(engine);
  im::RegisterIn in;
  in.account.value = "13800000001";
  in.pwd.value = "abc12345";
  CHECK(engine.value()->users().register_user(in).result.ok());
}

TEST_CASE("every error code has a name", "[engine]") {
  CHECK(std::string(im::to_string(im::Errc::invalid_account)) == "invalid_account");
  CHECK(std::string(im::to_string(im::Errc::storage)) == "storage");
  CHECK(im::Error{404, "x"}.code == im::Errc::not_found);
  CHECK(im::Error{500, "Database error."}.code == im::Errc::internal);
}
