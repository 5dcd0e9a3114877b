#include "im/auth/jwt.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>

namespace im::auth {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int decode_char(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), &len);
  return std::string(reinterpret_cast<const char*>(out.data()), len);
}

const std::string& hs256_header() {
  static const std::string header = base64url_encode(R"({"alg":"HS256","typ":"JWT"})");
  return header;
}

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                 (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                 static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i + 1 == bytes.size()) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
  } else if (i + 2 == bytes.size()) {
    unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                 (static_cast<unsigned char>(bytes[i + 1]) << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
  }
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  // Tolerate trailing padding, but nothing else outside the url-safe alphabet.
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    int v = decode_char(c);
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

std::string jwt_sign(const boost::json::object& payload, std::string_view secret) {
  std::string signing_input = hs256_header();
  signing_input += '.';
  signing_input += base64url_encode(boost::json::serialize(payload));
  std::string signature = base64url_encode(hmac_sha256(secret, signing_input));
  signing_input += '.';
  signing_input += signature;
  return signing_input;
}

JwtVerified jwt_verify(std::string_view token, std::string_view secret, long long now_s) {
  JwtVerified result;
  auto fail = [&](JwtError e) {
    result.error = e;
    return result;
  };
  auto first_dot = token.find('.');
  if (first_dot == std::string_view::npos) return fail(JwtError::malformed);
  auto second_dot = token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos || token.find('.', second_dot + 1) != token.npos)
    return fail(JwtError::malformed);

  auto header_text = base64url_decode(token.substr(0, first_dot));
  auto payload_text = base64url_decode(token.substr(first_dot + 1, second_dot - first_dot - 1));
  auto signature = base64url_decode(token.substr(second_dot + 1));
  if (!header_text || !payload_text || !signature) return fail(JwtError::malformed);

  boost::system::error_code ec;
  auto header = boost::json::parse(*header_text, ec);
  if (ec || !header.is_object()) return fail(JwtError::malformed);
  // The algorithm is pinned (S17): "none", RS256 and anything else are refused.
  const auto* alg = header.as_object().if_contains("alg");
  if (!alg || !alg->is_string() || alg->as_string() != "HS256")
    return fail(JwtError::bad_algorithm);

  std::string expected = hmac_sha256(secret, token.substr(0, second_dot));
  if (expected.size() != signature->size() ||
      CRYPTO_memcmp(expected.data(), signature->data(), expected.size()) != 0)
    return fail(JwtError::bad_signature);

  auto payload = boost::json::parse(*payload_text, ec);
  if (ec || !payload.is_object()) return fail(JwtError::malformed);
  // Every token this server signs expires; one without `exp` would be valid forever (issue 11).
  const auto* exp = payload.as_object().if_contains("exp");
  if (!exp || !exp->is_number()) return fail(JwtError::malformed);
  double exp_value = exp->is_double() ? exp->as_double() : exp->to_number<double>();
  // A number too large for a double (`"exp":1e999`) parses to infinity: a token that never
  // expires, which is what a missing exp is refused for.
  if (!std::isfinite(exp_value)) return fail(JwtError::malformed);
  if (static_cast<double>(now_s) >= exp_value) return fail(JwtError::expired);
  result.payload = std::move(payload.as_object());
  return result;
}

}  // namespace im::auth
