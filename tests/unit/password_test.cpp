#include <catch2/catch.hpp>

#include "im/auth/password.hpp"

using namespace im::auth;

TEST_CASE("bcrypt hashes are $2b$ cost 10 and verify", "[password]") {
  auto hashed = hash_password("abc12345");
  REQUIRE(hashed);
  const std::string& hash = *hashed;
  CHECK(hash.rfind("$2b$10$", 0) == 0);
  CHECK(hash.size() == 60);
  CHECK(verify_password("abc12345", hash));
  CHECK_FALSE(verify_password("abc12346", hash));
  CHECK(hash_password("abc12345").value() != hash);  // salted
}

TEST_CASE("a hash made by the original server verifies", "[password]") {
  // docs/contract/http-api.md H22: user registered with password abc12345.
  const char* original = "$2b$10$w9vAZGN4ZtJ7LoRVwi14e.7kF5uThUB2ciwqnUX4zWhKtkoT86O/e";
  CHECK(verify_password("abc12345", original));
  CHECK_FALSE(verify_password("abc1234", original));
  std::string as_2a = original;
  as_2a[2] = 'a';
  CHECK(verify_password("abc12345", as_2a));
}

TEST_CASE("non-bcrypt stored values never verify", "[password]") {
  CHECK_FALSE(verify_password("", ""));
  CHECK_FALSE(verify_password("x", "x"));
  CHECK_FALSE(verify_password("abc", "$1$abc$def"));
  CHECK_FALSE(verify_password("abc", "$2b$10$short"));
}
