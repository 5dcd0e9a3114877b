// A UserContext from a verified JWT payload: libim's only JSON view of the caller, kept out of
// the public user_context.hpp so that embedders do not compile Boost.JSON.
#pragma once

#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "im/user_context.hpp"

namespace im {

// nullopt when `id` is missing or not an integer. Only the UserContext fields are kept: every
// connected socket holds one of these.
std::optional<UserContext> user_context_from_payload(const boost::json::object& payload,
                                                     std::string token);

}  // namespace im
