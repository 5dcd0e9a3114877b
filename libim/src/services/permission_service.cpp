#include "im/services/permission_service.hpp"

#include "im/log_format.hpp"
#include "im/text.hpp"

namespace im {
namespace {

bool valid_name(const TextIn& name) {
  return name.valid && name.value && !name.value->empty() && fits_chars(*name.value, 255);
}

bool valid_desc(const TextIn& desc) {
  return desc.valid && (!desc.value || fits_chars(*desc.value, 255));
}

}  // namespace

PermissionService::PermissionService(PermissionStore& permissions, Clock& clock)
    : permissions_(permissions), clock_(clock) {}

Result<CreatedPermission> PermissionService::create_permission(const PermissionIn& in) {
  if (!valid_name(in.name) || !valid_desc(in.desc))  // the original's 500
    return Error::internal().because(Errc::invalid_argument, "name or desc is invalid");
  Millis now = clock_.now_ms();
  auto created = permissions_.create_permission(*in.name.value, in.desc.value, now / 1000);
  if (!created) {
    if (created.error().code == StoreErrc::conflict)
      return Error{409, "The permission already exists."};
    log::warn("permission create failed: {}", created.error().detail);
    return Error::storage(created.error().detail);
  }
  return CreatedPermission{std::move(created.value()), now};
}

Result<Role> PermissionService::create_role(const RoleIn& in) {
  if (!valid_name(in.name) || !valid_desc(in.desc) || !in.permissions_valid)  // the original's 500
    return Error::internal().because(Errc::invalid_argument, "name, desc or permissions invalid");
  auto created =
      permissions_.create_role(*in.name.value, in.desc.value, in.permissions, clock_.now_s());
  if (!created) {
    if (created.error().code == StoreErrc::conflict) return Error{409, "The role already exists."};
    log::warn("role create failed: {}", created.error().detail);
    return Error::storage(created.error().detail);
  }
  return std::move(created.value());
}

Result<Unit> PermissionService::set_user_role() {
  return Unit{};
}

}  // namespace im
