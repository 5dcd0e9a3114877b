#include "im/auth/random.hpp"

#include <openssl/rand.h>

#include <array>
#include <stdexcept>
#include <vector>

namespace im::auth {
namespace {

void fill_random(unsigned char* data, std::size_t size) {
  if (RAND_bytes(data, static_cast<int>(size)) != 1)
    throw std::runtime_error("the system random generator failed");
}

}  // namespace

std::string uuid_v4() {
  std::array<unsigned char, 16> b{};
  fill_random(b.data(), b.size());
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += hex[b[i] >> 4];
    out += hex[b[i] & 0x0F];
  }
  return out;
}

std::string random_id(std::size_t length) {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::vector<unsigned char> b(length);
  fill_random(b.data(), b.size());
  std::string out;
  out.reserve(length);
  for (unsigned char c : b) out += alphabet[c & 63];  // 64 symbols: no modulo bias
  return out;
}

}  // namespace im::auth
