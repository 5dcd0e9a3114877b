#include <catch2/catch.hpp>

#include "server/http/percent_decode.hpp"

using im::host::percent_decode;
using im::host::strict_percent_decode;

TEST_CASE("percent_decode decodes escapes and keeps what starts none", "[http][percent]") {
  CHECK(percent_decode("a%20b%2Fc%2bd", false) == "a b/c+d");
  CHECK(percent_decode("1.0%2B2+x", true) == "1.0+2 x");  // an encoded '+' stays a '+'
  CHECK(percent_decode("1+2", false) == "1+2");
  CHECK(percent_decode("%zz%41", true) == "%zzA");
  CHECK(percent_decode("%%41", false) == "%A");
  CHECK(percent_decode("%4%41", false) == "%4A");
  CHECK(percent_decode("100%", false) == "100%");
  CHECK(percent_decode("%4", false) == "%4");
  CHECK(percent_decode("%e4%b8%ad", false) == "\xe4\xb8\xad");
  CHECK(percent_decode("%00", false) == std::string("\0", 1));
  CHECK(percent_decode("", true).empty());
}

TEST_CASE("strict_percent_decode refuses a malformed escape", "[http][percent]") {
  CHECK(strict_percent_decode("a%20b+c") == "a b+c");
  CHECK_FALSE(strict_percent_decode("a%2"));
  CHECK_FALSE(strict_percent_decode("%zz"));
  CHECK_FALSE(strict_percent_decode("a%"));
  CHECK(strict_percent_decode("") == "");
}
