// How the Redis bus keeps the admin API's session descriptions (docs/operations.md "Admin
// API"): hash `im:sessions:<userId>`, field `<node id>/<session id>`, value
// `<transport>\t<address>\t<connected at, unix ms>`; the hash expires like the presence entry
// (60 s, refreshed every 15 s by the node that holds the sessions).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "im/session.hpp"
#include "im/types.hpp"

namespace im::host::redis {

std::string sessions_key(UserId user);
std::string session_field(std::string_view node, std::string_view id);
std::string session_value(const SessionDescription& session);
// nullopt for anything malformed.
std::optional<SessionDescription> decode_session(std::string_view field, std::string_view value);

}  // namespace im::host::redis
