// bcrypt password hashing through libcrypt (libxcrypt): `$2b$`, cost 10 by default; `$2a$` and
// `$2y$` hashes are accepted when verifying. Slow on purpose: call from worker threads only.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace im::auth {

// nullopt when the system cannot produce a salt or a hash (no randomness, a bad cost).
std::optional<std::string> hash_password(std::string_view password, int cost = 10);
bool verify_password(std::string_view password, std::string_view hash);

}  // namespace im::auth
