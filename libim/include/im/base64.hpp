// Base64 (RFC 4648) in both of its alphabets, over Boost.Beast's coder: the standard alphabet with
// padding (Engine.IO's `b<base64>` polling packets, the websocket handshake keys) and the URL-safe
// alphabet without padding (the segments of a JWT).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace im {

std::string base64_encode(std::string_view bytes);
// nullopt for a character outside the alphabet, a length that is not a multiple of 4, or padding
// anywhere but in the last one or two places.
std::optional<std::string> base64_decode(std::string_view text);

// '-' and '_' instead of '+' and '/', no padding.
std::string base64url_encode(std::string_view bytes);
// Trailing '=' is tolerated; nullopt for anything else outside the URL-safe alphabet or a length
// that no encoding has.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace im
