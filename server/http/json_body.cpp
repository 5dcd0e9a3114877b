#include "server/http/json_body.hpp"

#include <cctype>
#include <optional>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>

#include "im/text.hpp"

namespace im::host {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxDepth = 1000;
constexpr std::size_t kContext = 10;  // characters of context around an unexpected token

bool is_ws(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// The whole UTF-8 sequence starting at `pos` (the "token" quoted in the message).
std::string_view char_at(std::string_view s, std::size_t pos) {
  auto c = static_cast<unsigned char>(s[pos]);
  std::size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
  return s.substr(pos, n);
}

// JavaScript counts positions in UTF-16 code units: one per UTF-8 sequence, two for the
// four-byte ones (outside the Basic Multilingual Plane).
std::size_t utf16_position(std::string_view s, std::size_t byte_pos) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < byte_pos && i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) == 0x80) continue;  // a continuation byte
    units += c >= 0xF0 ? 2 : 1;
  }
  return units;
}

std::string at_position(std::string_view s, std::string_view what, std::size_t pos) {
  // The one message that does not say "in JSON" before its position.
  constexpr std::string_view after_json = "Unexpected non-whitespace character after JSON";
  return std::string(what) + (what == after_json ? " at position " : " in JSON at position ") +
         std::to_string(utf16_position(s, pos));
}

// "Unexpected token 'x', "<context>" is not valid JSON", with ellipses around long sources.
std::string unexpected_token(std::string_view s, std::size_t pos) {
  std::string msg = "Unexpected token '";
  msg.append(char_at(s, pos)).append("', ");
  if (s.size() <= kContext * 2 + 1) {
    msg.append("\"").append(s).append("\"");
  } else if (pos < kContext) {
    msg.append("\"").append(s.substr(0, pos + kContext)).append("\"...");
  } else if (pos < s.size() - kContext) {
    msg.append("...\"").append(s.substr(pos - kContext, kContext * 2)).append("\"...");
  } else {
    msg.append("...\"").append(s.substr(pos - kContext)).append("\"");
  }
  msg.append(" is not valid JSON");
  return msg;
}

// A single-pass, non-recursive syntax check that finds the first error like the JavaScript
// engine does; the value itself is built afterwards by Boost.JSON.
class Checker {
 public:
  explicit Checker(std::string_view s) : s_(s) {}

  std::string run() {
    skip_ws();
    // body-parser's strict mode: anything but an object or an array at the top is refused.
    if (i_ >= s_.size()) return "Unexpected end of JSON input";
    if (s_[i_] != '{' && s_[i_] != '[') return unexpected_token(s_, i_);
    if (!value()) return error_;
    while (true) {
      skip_ws();
      if (stack_.empty()) {
        if (i_ < s_.size()) {
          fail_with("Unexpected non-whitespace character after JSON");
          return error_;
        }
        return {};
      }
      char top = stack_.back();
      if (i_ >= s_.size()) {
        fail_with(top == 'o' ? "Expected ',' or '}' after property value"
                             : "Expected ',' or ']' after array element");
        return error_;
      }
      char c = s_[i_];
      if (top == 'o') {
        if (c == '}') {
          ++i_;
          stack_.pop_back();
          continue;
        }
        if (c != ',') {
          fail_with("Expected ',' or '}' after property value");
          return error_;
        }
        ++i_;
        skip_ws();
        if (!key("Expected double-quoted property name")) return error_;
      } else {
        if (c == ']') {
          ++i_;
          stack_.pop_back();
          continue;
        }
        if (c != ',') {
          fail_with("Expected ',' or ']' after array element");
          return error_;
        }
        ++i_;
      }
      if (!value()) return error_;
    }
  }

 private:
  void skip_ws() {
    while (i_ < s_.size() && is_ws(s_[i_])) ++i_;
  }

  // Always returns false so that callers can `return fail_with(...)`.
  bool fail_with(std::string_view message) {
    error_ = at_position(s_, message, i_);
    return false;
  }
  // An unexpected token without a context-specific message.
  bool fail_token() {
    if (i_ >= s_.size())
      error_ = "Unexpected end of JSON input";
    else if (s_[i_] == '"')
      error_ = at_position(s_, "Unexpected string", i_);
    else if (s_[i_] == '-' || is_digit(s_[i_]))
      error_ = at_position(s_, "Unexpected number", i_);
    else
      error_ = unexpected_token(s_, i_);
    return false;
  }

  // A property name and its colon, after '{' or ','.
  bool key(std::string_view expected) {
    if (i_ >= s_.size() || s_[i_] != '"') return fail_with(expected);
    if (!string()) return false;
    skip_ws();
    if (i_ >= s_.size() || s_[i_] != ':') return fail_with("Expected ':' after property name");
    ++i_;
    return true;
  }

  // One value; containers are opened here and closed by run().
  bool value() {
    skip_ws();
    if (i_ >= s_.size()) return fail_token();
    char c = s_[i_];
    if (c == '{' || c == '[') {
      if (stack_.size() >= kMaxDepth) return fail_with("Maximum nesting depth exceeded");
      ++i_;
      skip_ws();
      char close = c == '{' ? '}' : ']';
      if (i_ < s_.size() && s_[i_] == close) {
        ++i_;
        return true;
      }
      stack_.push_back(c == '{' ? 'o' : 'a');
      // The first member or element; nesting is bounded by kMaxDepth.
      if (c == '{' && !key("Expected property name or '}'")) return false;
      return value();
    }
    if (c == '"') return string();
    if (c == '-' || is_digit(c)) return number();
    if (c == 't') return literal("true");
    if (c == 'f') return literal("false");
    if (c == 'n') return literal("null");
    return fail_token();
  }

  bool literal(std::string_view word) {
    for (char expected : word) {
      if (i_ >= s_.size() || s_[i_] != expected) return fail_token();
      ++i_;
    }
    return true;
  }

  bool number() {
    if (s_[i_] == '-') {
      ++i_;
      if (i_ >= s_.size() || !is_digit(s_[i_])) return fail_with("No number after minus sign");
    }
    if (s_[i_] == '0') {
      ++i_;
      if (i_ < s_.size() && is_digit(s_[i_])) return fail_token();
    } else {
      while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
    }
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      if (i_ >= s_.size() || !is_digit(s_[i_])) return fail_with("Unterminated fractional number");
      while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (i_ >= s_.size() || !is_digit(s_[i_]))
        return fail_with("Exponent part is missing a number");
      while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
    }
    return true;
  }

  bool string() {
    ++i_;  // opening quote
    while (true) {
      if (i_ >= s_.size()) return fail_with("Unterminated string");
      auto c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        ++i_;
        return true;
      }
      if (c < 0x20) return fail_with("Bad control character in string literal");
      if (c != '\\') {
        ++i_;
        continue;
      }
      ++i_;
      if (i_ >= s_.size()) return fail_with("Unterminated string");
      char e = s_[i_];
      if (e == 'u') {
        for (int k = 1; k <= 4; ++k) {
          if (i_ + k >= s_.size()) {
            i_ = s_.size();
            return fail_with("Unterminated string");
          }
          if (!std::isxdigit(static_cast<unsigned char>(s_[i_ + k])))
            return fail_with("Bad Unicode escape");
        }
        i_ += 5;
        continue;
      }
      if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos)
        return fail_with("Bad escaped character");
      ++i_;
    }
  }

  std::string_view s_;
  std::size_t i_ = 0;
  std::vector<char> stack_;
  std::string error_;
};

}  // namespace

std::string repair_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t n = c < 0x80             ? 1
                    : (c & 0xE0) == 0xC0 ? 2
                    : (c & 0xF0) == 0xE0 ? 3
                    : (c & 0xF8) == 0xF0 ? 4
                                         : 0;
    if (n > 0 && i + n <= text.size() && im::is_valid_utf8(text.substr(i, n))) {
      out.append(text.substr(i, n));
      i += n;
    } else {
      out.append("\xEF\xBF\xBD");
      ++i;
    }
  }
  return out;
}

std::string json_syntax_error(std::string_view text) {
  return Checker(text).run();
}

std::variant<json::value, JsonBodyError> parse_json_body(std::string_view text) {
  if (text.empty()) return json::value(json::object{});  // body-parser: empty body is {}
  std::string repaired;
  if (!im::is_valid_utf8(text)) {
    repaired = repair_utf8(text);
    text = repaired;
  }
  if (auto error = json_syntax_error(text); !error.empty()) return JsonBodyError{error};
  json::parse_options options;
  options.max_depth = kMaxDepth + 1;
  boost::system::error_code ec;
  auto value = json::parse(text, ec, {}, options);
  // Only reachable for inputs the checker accepts but Boost.JSON does not (e.g. huge numbers).
  if (ec) return JsonBodyError{"Unexpected token in JSON at position 0"};
  return value;
}

}  // namespace im::host
