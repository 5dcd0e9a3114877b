// Friend requests, friendships and per-friend settings (docs/contract/http-api.md F1-F7,
// docs/contract/realtime.md 7). Inputs arrive already typed: a value the client sent with the wrong
// type is passed as nullopt/invalid by the transport, which is what the spec's replies are keyed
// on.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "im/clock.hpp"
#include "im/result.hpp"
#include "im/services/notify_pusher.hpp"
#include "im/storage/block_store.hpp"
#include "im/storage/friend_store.hpp"
#include "im/storage/notify_store.hpp"
#include "im/storage/user_store.hpp"
#include "im/user_context.hpp"

namespace im {

struct FriendRequestIn {
  std::optional<UserId> user_id;  // nullopt: missing or not an integer
  std::optional<std::string> remark;
  std::optional<std::string> ext;
};

struct FriendSettingIn {
  FriendSettingPatch patch;
  bool any_key_present = false;  // remark, astrolabe or block appeared in the body
  bool type_error = false;       // a present value had the wrong type
};

// A call that stores a notify for the other party: the reply text the host sends as is, and the
// id of that notify (what agree/reject take, and what an embedder needs without a device online).
struct FriendNotifyReply {
  std::string message;
  std::string notify_id;
};

class FriendService {
 public:
  FriendService(FriendStore& friends, NotifyStore& notifies, UserStore& users, BlockStore& blocks,
                Clock& clock, NotifyPusher& pusher);

  Result<FriendNotifyReply> request(const UserContext& caller, const FriendRequestIn& in);  // F1
  Result<FriendNotifyReply> remove(const UserContext& caller,
                                   std::optional<UserId> friend_id);  // F2
  Result<std::string> update_setting(const UserContext& caller, std::optional<UserId> friend_id,
                                     const FriendSettingIn& in);                              // F3
  Result<FriendSetting> setting(const UserContext& caller, std::optional<UserId> friend_id);  // F4
  Result<std::vector<FriendEntry>> list(const UserContext& caller);                           // F5
  Result<std::string> agree(const UserContext& caller,
                            const std::optional<std::string>& notify_id);  // F6
  Result<std::string> reject(const UserContext& caller,
                             const std::optional<std::string>& notify_id);  // F7

 private:
  // The checks shared by agree and reject; returns the pending AddFriend notify.
  Result<Notify> pending_request_for(const UserContext& caller,
                                     const std::optional<std::string>& notify_id);
  void announce_result(const UserContext& caller, Notify notify, NotifyStatus status);

  FriendStore& friends_;
  NotifyStore& notifies_;  // requests and unfriend notices
  UserStore& users_;       // the requested user must exist (F1)
  BlockStore& blocks_;     // a blocked requester is refused (F1)
  Clock& clock_;
  NotifyPusher& pusher_;
};

}  // namespace im
