// Shared by the fuzz targets: the input as text, and an invariant check that stays on in
// release builds (assert() is compiled out under NDEBUG) and aborts so libFuzzer saves the input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace im::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

inline void require(bool holds, const char* invariant) {
  if (holds) return;
  std::fprintf(stderr, "fuzz invariant violated: %s\n", invariant);
  std::abort();
}

}  // namespace im::fuzz
