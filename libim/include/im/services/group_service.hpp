// Groups and membership (docs/contract/http-api.md G1-G7, S3, J5, J8, J9, J10).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "im/clock.hpp"
#include "im/result.hpp"
#include "im/storage/group_store.hpp"
#include "im/storage/user_store.hpp"
#include "im/user_context.hpp"

namespace im {

struct GroupCreateIn {
  std::optional<std::string> name;
  bool name_valid = true;  // false: present but not a string
  std::optional<std::string> avatar;
  bool avatar_valid = true;
  std::optional<std::int64_t> type;            // nullopt: missing or not an integer
  std::optional<std::vector<UserId>> members;  // nullopt: missing or not an array of integers
};

struct GroupDetails {
  Group group;
  std::vector<MemberWithUser> members;  // ascending user id
};

// G1 keeps the original's reply for invalid input: 200 without `data` (J5).
struct GroupCreateOut {
  std::optional<GroupDetails> created;
};

struct GroupUpdateIn {
  std::optional<GroupId> id;
  std::string id_text;  // as given, for the 404 message
  std::optional<std::string> name;
  std::optional<std::string> avatar;
};

struct GroupMembersIn {
  std::optional<GroupId> id;
  std::string id_text;
  std::optional<std::vector<UserId>> members;
};

class GroupService {
 public:
  GroupService(GroupStore& groups, UserStore& users, Clock& clock);

  static constexpr std::size_t member_limit(int type) { return type == 2 ? 2000 : 200; }

  Result<GroupCreateOut> create(const UserContext& caller, const GroupCreateIn& in);     // G1
  Result<std::string> remove(const UserContext& caller, std::string_view id_text);       // G2
  Result<std::string> update(const UserContext& caller, const GroupUpdateIn& in);        // G3
  Result<std::vector<GroupDetails>> with_members(const UserContext& caller);             // G4
  Result<GroupDetails> get(const UserContext& caller, std::string_view id_text);         // G5
  Result<std::vector<GroupWithCount>> list(const UserContext& caller);                   // G6
  Result<std::string> add_members(const UserContext& caller, const GroupMembersIn& in);  // G7

 private:
  Result<Group> owned_group(const UserContext& caller, std::optional<GroupId> id,
                            std::string_view id_text);
  GroupStore& groups_;
  UserStore& users_;  // the users a request adds (G7)
  Clock& clock_;
};

}  // namespace im
