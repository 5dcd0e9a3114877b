// Storage port: roles and permissions (docs/contract/data-model.md 2.2-2.4, 3).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "im/result.hpp"
#include "im/types.hpp"

namespace im {

class PermissionStore {
 public:
  virtual ~PermissionStore() = default;

  // The role with its permissions; nullopt when there is no such role.
  virtual StoreResult<std::optional<RoleInfo>> role_info(std::int64_t role_id) = 0;
  // conflict: name taken.
  virtual StoreResult<Permission> create_permission(std::string_view name,
                                                    const std::optional<std::string>& desc,
                                                    Seconds now) = 0;
  // conflict: name taken. foreign_key: an unknown permission id (rolled back, nothing created).
  virtual StoreResult<Role> create_role(std::string_view name,
                                        const std::optional<std::string>& desc,
                                        std::span<const std::int64_t> permission_ids,
                                        Seconds now) = 0;
};

}  // namespace im
