#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

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

TEST_CASE("names order like utf8mb4_general_ci: case and Latin accents do not count", "[text]") {
  std::vector<std::string> names = {"b", "A", "a", "C", "\u00e9", "Z", "\u00c9cole", "ecole"};
  std::stable_sort(names.begin(), names.end(), [](const auto& x, const auto& y) {
    return im::general_ci_key(x) < im::general_ci_key(y);
  });
  CHECK(names ==
        std::vector<std::string>{"A", "a", "b", "C", "\u00e9", "\u00c9cole", "ecole", "Z"});
  CHECK(im::general_ci_key("Stra\u00dfe") == im::general_ci_key("STRASE"));
  CHECK(im::general_ci_key("\x80") == std::u32string{0x80});  // a stray byte weighs itself
}
