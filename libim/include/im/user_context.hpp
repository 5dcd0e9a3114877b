// The identity of an authenticated caller: the payload of the caller's JWT
// (docs/contract/http-api.md 7). A snapshot taken at login or registration.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "im/types.hpp"

namespace im {

struct UserContext {
  UserId id = 0;
  std::string account;
  std::optional<std::string> avatar;
  std::optional<std::string> email;
  std::string regis_time;   // F-format text as issued
  std::string update_time;  // F-format text as issued
  std::optional<std::int64_t> role_id;
  std::vector<std::int64_t> permission_ids;
  std::string token;  // the opaque token this caller authenticated with (S7)

  bool has_permission(std::int64_t id) const;
  // Parses a verified JWT payload; nullopt when `id` is missing or not an integer. Only the
  // fields above are kept: every connected socket holds one of these.
  static std::optional<UserContext> from_payload(const boost::json::object& payload,
                                                 std::string token);
};

}  // namespace im
