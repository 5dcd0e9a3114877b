// Storage port: groups and their members (docs/contract/data-model.md 2.7, 2.8).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "im/result.hpp"
#include "im/types.hpp"

namespace im {

struct NewGroup {
  std::optional<std::string> name;
  std::optional<std::string> avatar;
  int type = 1;
  UserId creator = 0;
  std::vector<UserId> members;  // de-duplicated, creator included, ascending
};

struct GroupPatch {
  std::optional<std::string> name;
  std::optional<std::string> avatar;
};

class GroupStore {
 public:
  virtual ~GroupStore() = default;

  // One transaction; foreign_key when a member id is not a user (nothing created).
  virtual StoreResult<Group> create_group(const NewGroup& group, Seconds now) = 0;
  virtual StoreResult<std::optional<Group>> find_group(GroupId id) = 0;
  // The groups `user` belongs to, with their member counts (unordered; services sort).
  virtual StoreResult<std::vector<GroupWithCount>> groups_of(UserId user) = 0;
  // Members with their users, ascending user id.
  virtual StoreResult<std::vector<MemberWithUser>> group_members(GroupId id) = 0;
  virtual StoreResult<std::vector<UserId>> group_member_ids(GroupId id) = 0;
  virtual StoreResult<bool> is_member(GroupId id, UserId user) = 0;
  virtual StoreResult<Done> update_group(GroupId id, const GroupPatch& patch, Seconds now) = 0;
  // One transaction: the members, then the group. Messages stay.
  virtual StoreResult<Done> delete_group(GroupId id) = 0;
  // Skips existing members; foreign_key when an id is not a user (nothing added).
  virtual StoreResult<std::int64_t> add_members(GroupId id, std::span<const UserId> users,
                                                Seconds now) = 0;
};

}  // namespace im
