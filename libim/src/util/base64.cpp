#include "im/base64.hpp"

#include <algorithm>
#include <utility>

// Beast's coder lives in a detail namespace (it serves the websocket handshake), but it is
// header-only, unchanged since Boost 1.66, and the one base64 coder among the dependencies; the
// checks it does not make (padding, length, the URL-safe alphabet) are made here.
#include <boost/beast/core/detail/base64.hpp>

namespace im {
namespace {

namespace coder = boost::beast::detail::base64;

// Decodes standard-alphabet text up to its first '=' or foreign character: the bytes, and how
// many characters were read.
std::pair<std::string, std::size_t> decode_prefix(std::string_view text) {
  std::string bytes((text.size() + 3) / 4 * 3, '\0');
  auto [written, read] = coder::decode(bytes.data(), text.data(), text.size());
  bytes.resize(written);
  return {std::move(bytes), read};
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string text(coder::encoded_size(bytes.size()), '\0');
  text.resize(coder::encode(text.data(), bytes.data(), bytes.size()));
  return text;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  auto [bytes, read] = decode_prefix(text);
  // Only padding may follow what was read: one or two '=' that end the text.
  std::string_view rest = text.substr(read);
  if (rest.size() > 2 || rest.find_first_not_of('=') != std::string_view::npos) return std::nullopt;
  return std::move(bytes);
}

std::string base64url_encode(std::string_view bytes) {
  std::string text = base64_encode(bytes);
  while (!text.empty() && text.back() == '=') text.pop_back();
  std::replace(text.begin(), text.end(), '+', '-');
  std::replace(text.begin(), text.end(), '/', '_');
  return text;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  // One character past a multiple of 4 carries 6 bits: no byte ends there.
  if (text.size() % 4 == 1) return std::nullopt;
  if (text.find_first_of("+/") != std::string_view::npos) return std::nullopt;
  std::string standard(text);
  std::replace(standard.begin(), standard.end(), '-', '+');
  std::replace(standard.begin(), standard.end(), '_', '/');
  auto [bytes, read] = decode_prefix(standard);
  if (read != standard.size()) return std::nullopt;
  return std::move(bytes);
}

}  // namespace im
