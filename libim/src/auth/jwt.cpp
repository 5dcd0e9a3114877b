#include "im/auth/jwt.hpp"

#include <openssl/crypto.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>

#include "im/auth/hmac.hpp"
#include "im/base64.hpp"

namespace im::auth {
namespace {

const std::string& hs256_header() {
  static const std::string header = base64url_encode(R"({"alg":"HS256","typ":"JWT"})");
  return header;
}

}  // namespace

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
