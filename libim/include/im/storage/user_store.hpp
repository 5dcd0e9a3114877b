// Storage port: users (docs/contract/data-model.md 2.1).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "im/result.hpp"
#include "im/storage/patch.hpp"
#include "im/types.hpp"

namespace im {

struct NewUser {
  std::string account;
  std::string pwd_hash;
  std::optional<std::string> avatar;
  std::optional<std::string> email;
  std::int64_t role_id = 1;
  Seconds now = 0;
};

struct UserPatch {
  Patch<std::string> email;
  Patch<std::string> avatar;
};

class UserStore {
 public:
  virtual ~UserStore() = default;

  // conflict when account or e-mail is taken; the id comes from the sequence (>= 10000).
  virtual StoreResult<User> create_user(const NewUser& user) = 0;
  virtual StoreResult<std::optional<User>> find_user(UserId id) = 0;
  virtual StoreResult<std::optional<User>> find_user_by_account(std::string_view account) = 0;
  // The users among `ids` that exist, ascending by id.
  virtual StoreResult<std::vector<User>> find_users(std::span<const UserId> ids) = 0;
  // nullopt: no such user. conflict: e-mail taken.
  virtual StoreResult<std::optional<User>> update_user(UserId id, const UserPatch& patch,
                                                       Seconds now) = 0;
  // false: no such user. foreign_key: still referenced (J13); nothing changes then.
  virtual StoreResult<bool> delete_user(UserId id) = 0;
};

}  // namespace im
