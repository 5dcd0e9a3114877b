// Unguessable identifiers from OpenSSL's CSPRNG.
#pragma once

#include <string>

namespace im::auth {

// Canonical lower-case UUID v4 (36 characters).
std::string uuid_v4();
// `length` characters from A-Z a-z 0-9 - _ (Engine.IO / Socket.IO ids).
std::string random_id(std::size_t length = 20);

}  // namespace im::auth
