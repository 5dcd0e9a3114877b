#include <catch2/catch.hpp>

#include "im/text.hpp"

TEST_CASE("UTF-8 lengths count code points", "[text]") {
  CHECK(im::utf8_length("") == 0u);
  CHECK(im::utf8_length("abc") == 3u);
  CHECK(im::utf8_length("管理员") == 3u);
  CHECK(im::utf8_length("hi 😀") == 4u);
  CHECK(im::fits_chars(std::string(255, 'a'), 255));
  CHECK_FALSE(im::fits_chars(std::string(256, 'a'), 255));
}

TEST_CASE("invalid UTF-8 is refused", "[text]") {
  CHECK_FALSE(im::is_valid_utf8("\xff"));
  CHECK_FALSE(im::is_valid_utf8("\xe7\xae"));          // truncated
  CHECK_FALSE(im::is_valid_utf8("\xc0\xaf"));          // overlong '/'
  CHECK_FALSE(im::is_valid_utf8("\xed\xa0\x80"));      // surrogate
  CHECK_FALSE(im::is_valid_utf8("\xf4\x90\x80\x80"));  // past U+10FFFF
  CHECK(im::is_valid_utf8("\xf0\x9f\x98\x80"));
}
