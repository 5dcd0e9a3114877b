#include "im/services/friend_service.hpp"

#include "im/auth/random.hpp"
#include "im/log_format.hpp"
#include "im/text.hpp"

namespace im {
namespace {

// F1/F3 use a lower-case "error", F2/F4-F7 a capital "Error" (docs/contract/http-api.md 12),
// for causes that differ: `why` and `what` tell them apart for a program.
Error database_error(Errc why, std::string what) {
  return Error{why, 500, "Database error.", std::move(what)};
}
Error database_error_capital(Errc why, std::string what) {
  return Error{why, 500, "Database Error.", std::move(what)};
}
Error store_failed(const StoreError& error) {
  return database_error(Errc::storage, error.detail);
}
Error store_failed_capital(const StoreError& error) {
  return database_error_capital(Errc::storage, error.detail);
}
Error request_expired() {
  return Error::not_found("Request has expired.")
      .because(Errc::not_found, "no open friend request with this id");
}

bool fits_column(const std::optional<std::string>& v) {
  return !v || fits_chars(*v, 255);
}

}  // namespace

FriendService::FriendService(FriendStore& friends, NotifyStore& notifies, UserStore& users,
                             BlockStore& blocks, Clock& clock, NotifyPusher& pusher)
    : friends_(friends),
      notifies_(notifies),
      users_(users),
      blocks_(blocks),
      clock_(clock),
      pusher_(pusher) {}

Result<FriendNotifyReply> FriendService::request(const UserContext& caller,
                                                 const FriendRequestIn& in) {
  if (!in.user_id) return database_error(Errc::invalid_argument, "userId is missing");
  if (*in.user_id == caller.id) return Error::bad_request();  // S10
  auto target = users_.find_user(*in.user_id);
  if (!target) return store_failed(target.error());
  if (!target.value())
    return Error::not_found("No user found with id " + std::to_string(*in.user_id));
  auto friends = friends_.are_friends(caller.id, *in.user_id);
  if (!friends) return store_failed(friends.error());
  if (friends.value()) return database_error(Errc::conflict, "already friends");  // J1: kept 500
  // Blocked by the target: the reply of any refused request, so the requester learns nothing
  // more (docs/protocol-extensions.md "Blocking").
  auto blocked = blocks_.refuses(*in.user_id, caller.id);
  if (!blocked) return store_failed(blocked.error());
  if (blocked.value()) return database_error(Errc::forbidden, "the user has blocked the caller");
  if (!fits_column(in.remark) || !fits_column(in.ext))
    return database_error(Errc::invalid_argument, "remark or ext is longer than 255 characters");

  Notify notify;
  notify.id = auth::uuid_v4();
  notify.type = NotifyType::add_friend;
  notify.sender = caller.id;
  notify.receiver = *in.user_id;
  notify.status = NotifyStatus::initial;
  notify.timer = clock_.now_ms();
  notify.remark = in.remark;
  notify.ext = in.ext;
  notify.created_at = notify.updated_at = clock_.now_s();
  if (auto stored = notifies_.create_notify(notify); !stored) {
    log::error("friend request {} -> {} not stored: {}", caller.id, notify.receiver,
               stored.error().detail);
    return store_failed(stored.error());
  }
  pusher_.push_notify(notify, caller);
  return FriendNotifyReply{"Seccessed, wait for the other party to agree.", notify.id};
}

Result<FriendNotifyReply> FriendService::remove(const UserContext& caller,
                                                std::optional<UserId> friend_id) {
  Error not_friends{Errc::not_friends, 403, "Not yet a friendship.", "not friends"};
  if (!friend_id) return not_friends;
  auto friends = friends_.are_friends(caller.id, *friend_id);
  if (!friends) return store_failed_capital(friends.error());
  if (!friends.value()) return not_friends;

  Notify notify;
  notify.id = auth::uuid_v4();
  notify.type = NotifyType::del_friend;
  notify.sender = caller.id;
  notify.receiver = *friend_id;
  notify.status = NotifyStatus::initial;
  notify.timer = clock_.now_ms();
  notify.created_at = notify.updated_at = clock_.now_s();
  if (auto done = friends_.delete_friendship(caller.id, *friend_id, notify); !done) {
    log::error("unfriend {} -> {} failed: {}", caller.id, *friend_id, done.error().detail);
    return store_failed_capital(done.error());
  }
  pusher_.push_notify(notify, caller);
  return FriendNotifyReply{"Successfully deleted.", notify.id};
}

Result<std::string> FriendService::update_setting(const UserContext& caller,
                                                  std::optional<UserId> friend_id,
                                                  const FriendSettingIn& in) {
  if (!in.any_key_present) return Error::bad_request();  // B16: false values are fine
  if (in.type_error) return database_error(Errc::invalid_argument, "a field has the wrong type");
  if (in.patch.remark && *in.patch.remark && !fits_chars(**in.patch.remark, 255))
    return database_error(Errc::invalid_argument, "remark is longer than 255 characters");
  if (!friend_id) return Error::not_found("No resources are updated.");
  auto updated = friends_.update_friend_setting(caller.id, *friend_id, in.patch, clock_.now_s());
  if (!updated) return store_failed(updated.error());
  if (!updated.value()) return Error::not_found("No resources are updated.");
  return std::string("Successfully updated.");
}

Result<FriendSetting> FriendService::setting(const UserContext& caller,
                                             std::optional<UserId> friend_id) {
  if (!friend_id) return database_error_capital(Errc::invalid_argument, "the friend id is invalid");
  auto row = friends_.friend_setting(caller.id, *friend_id);
  if (!row) return store_failed_capital(row.error());
  if (!row.value()) return database_error_capital(Errc::not_friends, "not friends");  // J7
  return std::move(*row.value());
}

Result<std::vector<FriendEntry>> FriendService::list(const UserContext& caller) {
  auto friends = friends_.list_friends(caller.id);
  if (!friends) return store_failed_capital(friends.error());
  return std::move(friends.value());
}

Result<Notify> FriendService::pending_request_for(const UserContext& caller,
                                                  const std::optional<std::string>& notify_id) {
  if (!notify_id) return request_expired();
  auto found = notifies_.find_notify(*notify_id);
  if (!found) return store_failed_capital(found.error());
  const auto& notify = found.value();
  // S4: only the receiver, only AddFriend, only while not yet answered; otherwise "expired" so
  // that ids cannot be probed.
  if (!notify || static_cast<int>(notify->status) > 3 || notify->receiver != caller.id ||
      notify->type != NotifyType::add_friend)
    return request_expired();
  auto friends = friends_.are_friends(caller.id, notify->sender);
  if (!friends) return store_failed_capital(friends.error());
  if (friends.value())
    return Error{Errc::conflict, 403, "It's already a friend relationship, don't repeat submit.",
                 "already friends"};
  return *notify;
}

void FriendService::announce_result(const UserContext& caller, Notify notify, NotifyStatus status) {
  // docs/contract/realtime.md 7: the requester learns the answer; the sender field is the answering
  // user.
  UserId requester = notify.sender;
  notify.sender = caller.id;
  notify.receiver = requester;
  notify.status = status;
  pusher_.push_notify(notify, caller);
}

Result<std::string> FriendService::agree(const UserContext& caller,
                                         const std::optional<std::string>& notify_id) {
  auto notify = pending_request_for(caller, notify_id);
  if (!notify) return notify.error();
  auto done = friends_.accept_friend_request(notify->id, caller.id, notify->sender, clock_.now_s());
  if (!done) {
    log::warn("friend agree {} failed: {}", notify->id, done.error().detail);
    return store_failed_capital(done.error());
  }
  announce_result(caller, *notify, NotifyStatus::fulfilled);
  return std::string("Successfully.");
}

Result<std::string> FriendService::reject(const UserContext& caller,
                                          const std::optional<std::string>& notify_id) {
  auto notify = pending_request_for(caller, notify_id);
  if (!notify) return notify.error();
  static constexpr NotifyStatus open[] = {NotifyStatus::initial, NotifyStatus::received,
                                          NotifyStatus::readed};
  auto changed = notifies_.advance_notify(notify->id, open, NotifyStatus::rejected, clock_.now_s());
  if (!changed) return store_failed_capital(changed.error());
  if (!changed.value())
    return database_error_capital(Errc::conflict, "the request was answered meanwhile");
  announce_result(caller, *notify, NotifyStatus::rejected);
  return std::string("Successfully.");
}

}  // namespace im
