#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "im/base64.hpp"

using im::base64_decode;
using im::base64_encode;
using im::base64url_decode;
using im::base64url_encode;

TEST_CASE("base64 round trips and rejects junk", "[base64]") {
  for (const std::string& s :
       std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\0\xff\x10", 3)}) {
    CHECK(base64_decode(base64_encode(s)) == s);
  }
  CHECK(base64_encode("\x08\xc8\x01") == "CMgB");
  CHECK(base64_encode("a") == "YQ==");
  CHECK(base64_encode("ab") == "YWI=");
  CHECK(base64_decode("YQ==") == "a");
  CHECK(base64_decode("YWI=") == "ab");
  CHECK_FALSE(base64_decode("abc"));   // length
  CHECK_FALSE(base64_decode("a=bc"));  // padding inside
  CHECK_FALSE(base64_decode("ab=c"));
  CHECK_FALSE(base64_decode("a==="));  // three padding characters
  CHECK_FALSE(base64_decode("===="));
  CHECK_FALSE(base64_decode("YQ==YQ=="));
  CHECK_FALSE(base64_decode("ab-_"));  // the URL-safe alphabet
  CHECK_FALSE(base64_decode("ab c"));
}

TEST_CASE("base64url round-trips every length, without padding", "[base64]") {
  std::string bytes;
  for (int i = 0; i < 40; ++i) {
    auto encoded = base64url_encode(bytes);
    CHECK(encoded.find('=') == std::string::npos);
    CHECK(base64url_decode(encoded) == bytes);
    bytes += static_cast<char>(i * 37 + 5);
  }
  CHECK(base64url_encode("\xfb\xff") == "-_8");
  CHECK(base64url_decode("-_8") == "\xfb\xff");
  CHECK(base64url_decode("-_8=") == "\xfb\xff");  // trailing padding tolerated
  CHECK_FALSE(base64url_decode("ab+c").has_value());
  CHECK_FALSE(base64url_decode("ab/c").has_value());
  CHECK_FALSE(base64url_decode("a").has_value());
  CHECK_FALSE(base64url_decode("ab=c").has_value());
  CHECK_FALSE(base64url_decode("ab c").has_value());
}
