// Permission and role administration (docs/contract/http-api.md P1-P3; fixes S11, B14, J5, B24).
// The transport keeps the original's quirky replies: P1 failures other than a duplicate name
// answer an empty 200, P2 failures other than a duplicate name answer 200 without data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "im/clock.hpp"
#include "im/result.hpp"
#include "im/services/user_service.hpp"
#include "im/storage/permission_store.hpp"

namespace im {

struct PermissionIn {
  TextIn name;
  TextIn desc;
};

// P1 shows the creation instant with its real milliseconds (docs/contract/http-api.md 6.2).
struct CreatedPermission {
  Permission permission;
  Millis created_ms = 0;
};

struct RoleIn {
  TextIn name;
  TextIn desc;
  // Empty when absent or []: a role without permissions. `permissions_valid` is false when the
  // value is not an array of integers.
  std::vector<std::int64_t> permissions;
  bool permissions_valid = true;
};

class PermissionService {
 public:
  PermissionService(PermissionStore& permissions, Clock& clock);

  // 409 "The permission already exists." for a duplicate name; any other failure is
  // Error::internal() (the transport answers an empty 200 for it).
  Result<CreatedPermission> create_permission(const PermissionIn& in);  // P1
  // 409 "The role already exists."; other failures Error::internal() (transport: 200 without
  // data). Nothing is created on failure.
  Result<Role> create_role(const RoleIn& in);  // P2
  // P3 does nothing (kept from the original).
  Result<Unit> set_user_role();

 private:
  PermissionStore& permissions_;
  Clock& clock_;
};

}  // namespace im
