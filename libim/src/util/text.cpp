#include "im/text.hpp"

#include <charconv>

namespace im {

namespace {

// The code point at `i`, advancing `i` past it; nullopt (and `i` unchanged) for invalid UTF-8.
std::optional<char32_t> next_code_point(std::string_view text, std::size_t& i) {
  auto c = static_cast<unsigned char>(text[i]);
  std::size_t extra;
  char32_t cp;
  if (c < 0x80) {
    extra = 0;
    cp = c;
  } else if ((c & 0xE0) == 0xC0) {
    extra = 1;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    extra = 2;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    extra = 3;
    cp = c & 0x07;
  } else {
    return std::nullopt;
  }
  if (i + extra >= text.size()) return std::nullopt;  // truncated sequence
  for (std::size_t k = 1; k <= extra; ++k) {
    auto cc = static_cast<unsigned char>(text[i + k]);
    if ((cc & 0xC0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (cc & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
  static constexpr char32_t kMin[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
  i += extra + 1;
  return cp;
}

// utf8mb4_general_ci's weight of a character for the letters people type in names: ASCII and
// Latin-1 fold case and accents (a, A, à, Á weigh the same, ß as s); others weigh themselves.
char32_t general_ci_weight(char32_t cp) {
  if (cp >= U'a' && cp <= U'z') return cp - 0x20;
  if (cp < 0xC0 || cp > 0xFF) return cp;
  // U+00C0..U+00FF, upper-cased and without accents.
  static constexpr char32_t kLatin1[64] = {
      U'A', U'A', U'A', U'A', U'A', U'A', 0xC6, U'C', U'E', U'E', U'E', U'E', U'I',
      U'I', U'I', U'I', 0xD0, U'N', U'O', U'O', U'O', U'O', U'O', 0xD7, U'O', U'U',
      U'U', U'U', U'U', U'Y', 0xDE, U'S', U'A', U'A', U'A', U'A', U'A', U'A', 0xC6,
      U'C', U'E', U'E', U'E', U'E', U'I', U'I', U'I', U'I', 0xD0, U'N', U'O', U'O',
      U'O', U'O', U'O', 0xF7, U'O', U'U', U'U', U'U', U'U', U'Y', 0xDE, U'Y'};
  return kLatin1[cp - 0xC0];
}

}  // namespace

std::optional<std::size_t> utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++count) {
    if (!next_code_point(text, i)) return std::nullopt;
  }
  return count;
}

std::u32string general_ci_key(std::string_view text) {
  std::u32string key;
  for (std::size_t i = 0; i < text.size();) {
    auto cp = next_code_point(text, i);
    if (!cp) cp = static_cast<unsigned char>(text[i++]);  // a stray byte weighs itself
    key.push_back(general_ci_weight(*cp));
  }
  return key;
}

std::optional<std::string_view> utf8_prefix(std::string_view text, std::size_t max) {
  std::size_t end = 0;
  for (std::size_t count = 0; end < text.size() && count < max; ++count) {
    if (!next_code_point(text, end)) return std::nullopt;
  }
  if (end < text.size() && !is_valid_utf8(text.substr(end))) return std::nullopt;
  return text.substr(0, end);
}

bool is_valid_utf8(std::string_view text) {
  return utf8_length(text).has_value();
}

bool fits_chars(std::string_view text, std::size_t max) {
  auto n = utf8_length(text);
  return n && *n <= max;
}

std::optional<std::int64_t> parse_decimal(std::string_view text) {
  std::int64_t value = 0;
  if (text.empty() || text.front() == '+') return std::nullopt;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace im
