// JWT verification (HS256). Two kinds of input, by the first byte:
//  'S': the rest is "<header JSON>\n<payload JSON>", signed here with the test secret, so that
//       the checks behind the signature (alg, payload, exp) are reached; the result must never
//       be a bad signature.
//  otherwise: the whole input is a token as a client would send it.
// A token that verifies has a finite numeric exp in the future; the base64url decoder's output
// re-encodes to text that decodes the same. (No re-signing check: the server never re-signs a
// verified payload, and Boost.JSON writes a number that overflowed to infinity as `Infinity`.)
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cmath>

#include "im/auth/jwt.hpp"
#include "im/base64.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

using im::fuzz::require;
namespace auth = im::auth;

constexpr std::string_view kSecret = "fuzz-secret";
constexpr long long kNow = 1'700'000'000;

std::string hs256(std::string_view signing_input) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), kSecret.data(), static_cast<int>(kSecret.size()),
       reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(), mac,
       &length);
  return std::string(reinterpret_cast<const char*>(mac), length);
}

std::string signed_token(std::string_view header, std::string_view payload) {
  std::string input = im::base64url_encode(header) + "." + im::base64url_encode(payload);
  return input + "." + im::base64url_encode(hs256(input));
}

void check_base64url(std::string_view text) {
  auto bytes = im::base64url_decode(text);
  if (!bytes) return;
  require(im::base64url_decode(im::base64url_encode(*bytes)) == bytes,
          "base64url decode(encode(decode(x))) == decode(x)");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto input = im::fuzz::as_text(data, size);
  std::string token;
  bool signed_here = !input.empty() && input[0] == 'S';
  if (signed_here) {
    auto rest = input.substr(1);
    auto newline = rest.find('\n');
    if (newline == std::string_view::npos) return 0;
    token = signed_token(rest.substr(0, newline), rest.substr(newline + 1));
  } else {
    token = std::string(input);
    check_base64url(input);
  }

  auto verified = auth::jwt_verify(token, kSecret, kNow);
  require(verified.ok() != verified.error.has_value(), "a payload or an error, not both");
  if (signed_here)
    require(verified.error != auth::JwtError::bad_signature, "our own signature verifies");
  if (!verified.ok()) return 0;
  const auto* exp = verified.payload->if_contains("exp");
  require(exp && exp->is_number() && std::isfinite(exp->to_number<double>()) &&
              exp->to_number<double>() > static_cast<double>(kNow),
          "a verified token has a finite exp in the future");
  return 0;
}
