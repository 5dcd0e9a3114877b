// HMAC-SHA256 over OpenSSL: the JWT signatures and the push webhook's body signature.
#pragma once

#include <string>
#include <string_view>

namespace im::auth {

// The raw 32-byte MAC of `data` under `key`.
std::string hmac_sha256(std::string_view key, std::string_view data);

}  // namespace im::auth
