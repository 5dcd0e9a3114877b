#include "im/services/group_service.hpp"

#include <algorithm>

#include "im/log_format.hpp"
#include "im/text.hpp"

namespace im {
namespace {

Error group_not_found(std::string_view id_text) {
  return Error::not_found("No group found with id " + std::string(id_text));
}

Error invalid_member() {
  return Error{Errc::invalid_argument, 403, "The params members contains an invalid user id.",
               "a member id is not a user"};
}
Error over_limit() {
  return Error{Errc::invalid_argument, 403, "The number of group members exceeds the limit.",
               "too many members for the group's type"};
}

// Names compare as utf8mb4_general_ci does (case and accents do not count); NULL first.
std::optional<std::u32string> name_key(const Group& g) {
  if (!g.name) return std::nullopt;
  return general_ci_key(*g.name);
}

// G4: NULL names sort first, as in MariaDB; ties by id ascending.
bool name_less(const Group& a, const Group& b) {
  auto ka = name_key(a), kb = name_key(b);
  if (ka != kb) return ka < kb;  // nullopt < any value
  return a.id < b.id;
}

std::vector<UserId> unique_sorted(std::vector<UserId> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

}  // namespace

GroupService::GroupService(GroupStore& groups, UserStore& users, Clock& clock)
    : groups_(groups), users_(users), clock_(clock) {}

Result<GroupCreateOut> GroupService::create(const UserContext& caller, const GroupCreateIn& in) {
  GroupCreateOut swallowed;  // J5: invalid input answers 200 without data, creating nothing
  if (!in.type || (*in.type != 1 && *in.type != 2) || !in.members || !in.name_valid ||
      !in.avatar_valid || (in.name && !fits_chars(*in.name, 255)) ||
      (in.avatar && !fits_chars(*in.avatar, 255)))
    return swallowed;

  // J8: the creator is always a member; the list is de-duplicated.
  auto members = *in.members;
  members.push_back(caller.id);
  members = unique_sorted(std::move(members));
  if (members.size() > member_limit(static_cast<int>(*in.type))) return over_limit();  // J9

  NewGroup group;
  group.name = in.name;
  group.avatar = in.avatar;
  group.type = static_cast<int>(*in.type);
  group.creator = caller.id;
  group.members = members;
  auto created = groups_.create_group(group, clock_.now_s());
  if (!created) {
    if (created.error().code == StoreErrc::foreign_key) return invalid_member();
    log::warn("group create by {} failed: {}", caller.id, created.error().detail);
    return swallowed;
  }
  auto rows = groups_.group_members(created->id);
  if (!rows) return swallowed;
  swallowed.created = GroupDetails{created.value(), std::move(rows.value())};
  return swallowed;
}

Result<Group> GroupService::owned_group(const UserContext& caller, std::optional<GroupId> id,
                                        std::string_view id_text) {
  if (!id) return group_not_found(id_text);
  auto group = groups_.find_group(*id);
  if (!group) return Error::storage(group.error().detail);
  if (!group.value()) return group_not_found(id_text);
  if (group.value()->creator != caller.id)  // J10: 401 on the wire
    return Error::unauthorized().because(Errc::forbidden, "only the group's creator may");
  return *group.value();
}

Result<std::string> GroupService::remove(const UserContext& caller, std::string_view id_text) {
  auto group = owned_group(caller, parse_decimal(id_text), id_text);
  if (!group) return group.error();
  if (auto done = groups_.delete_group(group->id); !done) {
    log::error("group {} delete failed: {}", group->id, done.error().detail);
    // G2 embeds an error name and message; a short generic pair, never SQL.
    return Error{Errc::storage, 500,
                 "[Database error]: StorageError The group could not be deleted.",
                 done.error().detail};
  }
  return std::string("Successed to delete group.");
}

Result<std::string> GroupService::update(const UserContext& caller, const GroupUpdateIn& in) {
  if (!in.id && in.id_text.empty())
    return Error::internal().because(Errc::invalid_argument, "id is missing");
  auto group = owned_group(caller, in.id, in.id_text);
  if (!group) return group.error();
  if ((in.name && !fits_chars(*in.name, 255)) || (in.avatar && !fits_chars(*in.avatar, 255)))
    return Error::internal().because(Errc::invalid_argument,
                                     "name or avatar is longer than 255 characters");
  GroupPatch patch{in.name, in.avatar};  // S1: only name and avatar
  if (auto done = groups_.update_group(group->id, patch, clock_.now_s()); !done)
    return Error::storage(done.error().detail);
  return std::string("Update successed.");
}

Result<std::vector<GroupDetails>> GroupService::with_members(const UserContext& caller) {
  auto groups = groups_.groups_of(caller.id);
  if (!groups) return Error::storage(groups.error().detail);
  std::sort(groups->begin(), groups->end(),
            [](const auto& a, const auto& b) { return name_less(a.group, b.group); });
  std::vector<GroupDetails> out;
  out.reserve(groups->size());
  for (auto& g : groups.value()) {
    auto members = groups_.group_members(g.group.id);
    if (!members) return Error::storage(members.error().detail);
    out.push_back(GroupDetails{std::move(g.group), std::move(members.value())});
  }
  return out;
}

Result<GroupDetails> GroupService::get(const UserContext& caller, std::string_view id_text) {
  auto id = parse_decimal(id_text);
  if (!id) return group_not_found(id_text);
  auto group = groups_.find_group(*id);
  if (!group) return Error::storage(group.error().detail);
  auto member = groups_.is_member(*id, caller.id);
  if (!member) return Error::storage(member.error().detail);
  if (!group.value() || !member.value()) return group_not_found(id_text);  // S3
  auto members = groups_.group_members(*id);
  if (!members) return Error::storage(members.error().detail);
  return GroupDetails{*group.value(), std::move(members.value())};
}

Result<std::vector<GroupWithCount>> GroupService::list(const UserContext& caller) {
  auto groups = groups_.groups_of(caller.id);
  if (!groups) return Error::storage(groups.error().detail);
  // G6: name descending, ties by id.
  std::sort(groups->begin(), groups->end(), [](const auto& a, const auto& b) {
    auto ka = name_key(a.group), kb = name_key(b.group);
    if (ka != kb) return kb < ka;
    return a.group.id < b.group.id;
  });
  return std::move(groups.value());
}

Result<std::string> GroupService::add_members(const UserContext& caller, const GroupMembersIn& in) {
  auto group = owned_group(caller, in.id, in.id_text);
  if (!group) return group.error();
  if (!in.members) return invalid_member();
  auto wanted = unique_sorted(*in.members);
  auto existing_users = users_.find_users(wanted);
  if (!existing_users) return Error::storage(existing_users.error().detail);
  if (existing_users->size() != wanted.size()) return invalid_member();
  auto current = groups_.group_member_ids(group->id);
  if (!current) return Error::storage(current.error().detail);
  std::size_t total = current->size();
  for (UserId u : wanted)
    if (std::find(current->begin(), current->end(), u) == current->end()) ++total;
  if (total > member_limit(group->type)) return over_limit();
  auto added = groups_.add_members(group->id, wanted, clock_.now_s());
  if (!added) {
    if (added.error().code == StoreErrc::foreign_key) return invalid_member();
    return Error::storage(added.error().detail);
  }
  return std::string("Add members successed.");
}

}  // namespace im
