// `.env` files: parse_env_text, the parser behind read_env_file. Each entry comes from one line:
// keys are non-empty and trimmed, and neither keys nor values span lines.
#include "server/config/env_text.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using im::fuzz::require;
  for (const auto& [key, value] : im::host::parse_env_text(im::fuzz::as_text(data, size))) {
    require(!key.empty() && im::host::trim_blanks(key) == key, "keys are non-empty and trimmed");
    require(key.find('\n') == std::string::npos && value.find('\n') == std::string::npos,
            "an entry is one line");
  }
  return 0;
}
