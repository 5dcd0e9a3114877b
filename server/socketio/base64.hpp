// Standard base64 (RFC 4648, with padding) for `b<base64>` polling packets
// (docs/contract/realtime.md 2.4).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace im::sio {

std::string base64_encode(std::string_view bytes);
// nullopt for characters outside the alphabet or a bad length.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace im::sio
