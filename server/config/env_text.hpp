// The text of a `.env` file, apart from reading it: pure functions, so that the unit tests and
// the fuzzer (tests/fuzz/env_text.cpp) call the same parser the server uses.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace im::host {

// `s` without leading and trailing spaces, tabs, CR and LF.
std::string trim_blanks(std::string_view s);

// "KEY=value" lines in order: blank lines, # comments and lines without '=' are skipped, an
// `export ` prefix is dropped, a value in matching quotes loses them, otherwise " #" starts a
// comment. A line with an empty key is skipped.
std::vector<std::pair<std::string, std::string>> parse_env_text(std::string_view text);

}  // namespace im::host
