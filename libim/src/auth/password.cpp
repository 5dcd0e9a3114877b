#include "im/auth/password.hpp"

#include <crypt.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <array>
#include <cstring>
#include <memory>

namespace im::auth {

std::optional<std::string> hash_password(std::string_view password, int cost) {
  std::array<unsigned char, 16> entropy{};
  if (RAND_bytes(entropy.data(), static_cast<int>(entropy.size())) != 1)
    return std::nullopt;  // no randomness for a salt
  std::array<char, CRYPT_GENSALT_OUTPUT_SIZE> salt{};
  if (!crypt_gensalt_rn(
          "$2b$", static_cast<unsigned long>(cost), reinterpret_cast<const char*>(entropy.data()),
          static_cast<int>(entropy.size()), salt.data(), static_cast<int>(salt.size())))
    return std::nullopt;
  auto data = std::make_unique<crypt_data>();
  std::string pw(password);
  const char* hashed = crypt_r(pw.c_str(), salt.data(), data.get());
  if (!hashed || hashed[0] == '*') return std::nullopt;
  return std::string(hashed);
}

bool verify_password(std::string_view password, std::string_view hash) {
  // Only bcrypt hashes are accepted; anything else (empty, DES, ...) never verifies.
  if (hash.size() < 7 || hash[0] != '$' || hash[1] != '2' ||
      (hash[2] != 'a' && hash[2] != 'b' && hash[2] != 'y') || hash[3] != '$')
    return false;
  auto data = std::make_unique<crypt_data>();
  std::string pw(password);
  std::string setting(hash);
  const char* hashed = crypt_r(pw.c_str(), setting.c_str(), data.get());
  if (!hashed || hashed[0] == '*') return false;
  std::size_t len = std::strlen(hashed);
  return len == hash.size() && CRYPTO_memcmp(hashed, hash.data(), len) == 0;
}

}  // namespace im::auth
