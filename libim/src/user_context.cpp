#include "im/user_context.hpp"

#include <algorithm>

namespace im {
bool UserContext::has_permission(std::int64_t id) const {
  return std::find(permission_ids.begin(), permission_ids.end(), id) != permission_ids.end();
}

}  // namespace im
