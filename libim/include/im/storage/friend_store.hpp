// Storage port: friendships and per-owner friend settings (docs/contract/data-model.md 2.5, 2.6).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "im/result.hpp"
#include "im/storage/patch.hpp"
#include "im/types.hpp"

namespace im {

struct FriendSettingPatch {
  Patch<std::string> remark;
  std::optional<bool> astrolabe;
  std::optional<bool> block;
};

class FriendStore {
 public:
  virtual ~FriendStore() = default;

  virtual StoreResult<bool> are_friends(UserId a, UserId b) = 0;
  // Ascending Friends.id; each entry carries the caller's own setting row (B15). Fast read
  // (Database::fast_reads).
  virtual StoreResult<std::vector<FriendEntry>> list_friends(UserId user) = 0;
  virtual StoreResult<std::optional<FriendSetting>> friend_setting(UserId owner,
                                                                   UserId friend_id) = 0;
  // false: the owner has no row for that friend. Changes only the given keys, sets updatedAt.
  virtual StoreResult<bool> update_friend_setting(UserId owner, UserId friend_id,
                                                  const FriendSettingPatch& patch, Seconds now) = 0;
  // One transaction: delete both settings rows, the Friends rows in both directions, insert
  // `del_notify`.
  virtual StoreResult<Done> delete_friendship(UserId a, UserId b, const Notify& del_notify) = 0;
  // One transaction (F6): set the notify to Fulfilled only if its status is still <= 3
  // (exactly one row must change, otherwise `other`), insert Friends(accepter, requester) and
  // both FriendSettings rows.
  virtual StoreResult<Done> accept_friend_request(std::string_view notify_id, UserId accepter,
                                                  UserId requester, Seconds now) = 0;
};

}  // namespace im
