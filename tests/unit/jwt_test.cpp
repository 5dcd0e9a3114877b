#include <catch2/catch.hpp>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/json.hpp>

#include "im/auth/jwt.hpp"
#include "im/base64.hpp"

using namespace im::auth;
using im::base64url_decode;
using im::base64url_encode;

namespace {

std::string decoded_key() {
  // RFC 7515 appendix A.1: the HMAC key as a base64url JWK "k" value.
  return *base64url_decode(
      "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow");
}

constexpr const char* kRfcToken =
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    "."
    "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

// A token over exactly these header and payload texts, for payloads jwt_sign cannot produce.
std::string sign_text(std::string_view header, std::string_view payload, std::string_view key) {
  std::string input = base64url_encode(header) + "." + base64url_encode(payload);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &length);
  return input + "." + base64url_encode(std::string(reinterpret_cast<char*>(mac), length));
}

}  // namespace

TEST_CASE("RFC 7515 A.1 HS256 example verifies", "[jwt]") {
  auto verified = jwt_verify(kRfcToken, decoded_key(), 1300819379);
  REQUIRE(verified.ok());
  CHECK(verified.payload->at("iss").as_string() == "joe");
  CHECK(verified.payload->at("http://example.com/is_root").as_bool());
}

TEST_CASE("RFC 7515 A.1 token is refused once expired, or with another key", "[jwt]") {
  CHECK(jwt_verify(kRfcToken, decoded_key(), 1300819380).error == JwtError::expired);
  CHECK(jwt_verify(kRfcToken, "another key", 1300819379).error == JwtError::bad_signature);
}

TEST_CASE("a signed token verifies and keeps the payload's key order", "[jwt]") {
  boost::json::object payload;
  payload["regisTime"] = "2026-11-26 19:18:35";
  payload["id"] = 10000;
  payload["exp"] = 2000000000;
  auto token = jwt_sign(payload, "secret");
  CHECK(token.rfind("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.", 0) == 0);
  auto verified = jwt_verify(token, "secret", 1795720716);
  REQUIRE(verified.ok());
  CHECK(boost::json::serialize(*verified.payload) ==
        R"({"regisTime":"2026-11-26 19:18:35","id":10000,"exp":2000000000})");
}

TEST_CASE("tampering with any part is detected", "[jwt]") {
  boost::json::object payload{{"id", 1}};
  auto token = jwt_sign(payload, "secret");
  auto forged_payload = base64url_encode(R"({"id":2})");
  auto dot1 = token.find('.');
  auto dot2 = token.find('.', dot1 + 1);
  auto forged = token.substr(0, dot1 + 1) + forged_payload + token.substr(dot2);
  CHECK(jwt_verify(forged, "secret", 0).error == JwtError::bad_signature);
  CHECK(jwt_verify(token + "x", "secret", 0).error.has_value());
  CHECK(jwt_verify("a.b", "secret", 0).error == JwtError::malformed);
  CHECK(jwt_verify("", "secret", 0).error == JwtError::malformed);
}

TEST_CASE("a correctly signed token without a numeric exp does not verify", "[jwt]") {
  CHECK(jwt_verify(jwt_sign({{"id", 1}}, "secret"), "secret", 0).error == JwtError::malformed);
  CHECK(jwt_verify(jwt_sign({{"id", 1}, {"exp", nullptr}}, "secret"), "secret", 0).error ==
        JwtError::malformed);
  CHECK(jwt_verify(jwt_sign({{"id", 1}, {"exp", "4000000000"}}, "secret"), "secret", 0).error ==
        JwtError::malformed);
  CHECK(jwt_verify(jwt_sign({{"id", 1}, {"exp", 4000000000}}, "secret"), "secret", 0).ok());
}

// Found by tests/fuzz/jwt_verify.cpp: 410244e48005 overflows a double to infinity, and the token
// verified as one that never expires.
TEST_CASE("a correctly signed token whose exp is not finite does not verify", "[jwt]") {
  const char* header = R"({"alg":"HS256","tyyped":"JWT"})";
  for (const char* payload :
       {R"({"":101,"exp":410244e48005})", R"({"id":1,"exp":1e999})", R"({"id":1,"exp":-1e999})"}) {
    CAPTURE(payload);
    CHECK(jwt_verify(sign_text(header, payload, "secret"), "secret", 0).error ==
          JwtError::malformed);
  }
  CHECK(jwt_verify(sign_text(header, R"({"id":1,"exp":4.1e15})", "secret"), "secret", 0).ok());
}

TEST_CASE("alg none and other algorithms are refused (S17)", "[jwt]") {
  auto body = base64url_encode(R"({"id":10000,"exp":4000000000})");
  auto none = base64url_encode(R"({"alg":"none","typ":"JWT"})") + "." + body + ".";
  CHECK(jwt_verify(none, "secret", 0).error == JwtError::bad_algorithm);
  auto rs = base64url_encode(R"({"alg":"RS256","typ":"JWT"})") + "." + body + ".c2ln";
  CHECK(jwt_verify(rs, "secret", 0).error == JwtError::bad_algorithm);
  auto missing = base64url_encode(R"({"typ":"JWT"})") + "." + body + ".c2ln";
  CHECK(jwt_verify(missing, "secret", 0).error == JwtError::bad_algorithm);
}
