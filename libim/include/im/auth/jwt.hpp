// JWT HS256 (RFC 7519 / RFC 7515) over OpenSSL's HMAC. The algorithm is pinned: a token whose
// header names any other `alg` (including "none") is refused (S17).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

namespace im::auth {

// Signs `payload` (serialised as given, key order preserved) with header
// {"alg":"HS256","typ":"JWT"}.
std::string jwt_sign(const boost::json::object& payload, std::string_view secret);

enum class JwtError { malformed, bad_algorithm, bad_signature, expired };

struct JwtVerified {
  std::optional<boost::json::object> payload;
  std::optional<JwtError> error;
  bool ok() const { return payload.has_value(); }
};

// Verifies structure, `alg` == HS256, the signature (constant-time comparison) and that the
// payload has a numeric `exp` with `now_s` < exp (a token without `exp` is malformed).
JwtVerified jwt_verify(std::string_view token, std::string_view secret, long long now_s);

}  // namespace im::auth
