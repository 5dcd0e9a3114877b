#include "im/user_context.hpp"

#include <algorithm>

namespace im {
namespace {

std::optional<std::string> optional_string(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string(v->as_string());
}

std::optional<std::int64_t> optional_int(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
  if (v->is_double()) {
    double d = v->as_double();
    auto i = static_cast<std::int64_t>(d);
    if (static_cast<double>(i) == d) return i;
  }
  return std::nullopt;
}

}  // namespace

bool UserContext::has_permission(std::int64_t id) const {
  return std::find(permission_ids.begin(), permission_ids.end(), id) != permission_ids.end();
}

std::optional<UserContext> UserContext::from_payload(const boost::json::object& payload,
                                                     std::string token) {
  auto id = optional_int(payload, "id");
  if (!id) return std::nullopt;
  UserContext ctx;
  ctx.id = *id;
  ctx.account = optional_string(payload, "account").value_or("");
  ctx.avatar = optional_string(payload, "avatar");
  ctx.email = optional_string(payload, "email");
  ctx.regis_time = optional_string(payload, "regisTime").value_or("");
  ctx.update_time = optional_string(payload, "updateTime").value_or("");
  ctx.role_id = optional_int(payload, "roleId");
  // docs/contract/http-api.md 8.4: permission checks compare ids from the token's permission list.
  if (const auto* perms = payload.if_contains("permissions"); perms && perms->is_array()) {
    for (const auto& p : perms->as_array()) {
      if (!p.is_object()) continue;
      if (auto pid = optional_int(p.as_object(), "id")) ctx.permission_ids.push_back(*pid);
    }
  }
  ctx.token = std::move(token);
  return ctx;
}

}  // namespace im
