// Domain types shared by the services, the ports and the adapters (docs/contract/data-model.md
// section 2).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace im {

using UserId = std::int64_t;
using GroupId = std::int64_t;
using MessageId = std::int64_t;

// Seconds since the Unix epoch, UTC. Adapters convert to the stored UTC+08:00 wall clock
// (docs/contract/data-model.md 1.3); formatting to F/R/I text happens in time_format.hpp.
using Seconds = std::int64_t;
// Milliseconds since the Unix epoch (message and notify `timer`).
using Millis = std::int64_t;

struct User {
  UserId id = 0;
  std::optional<std::string> account;
  std::string pwd_hash;  // never leaves the server (S5)
  std::optional<std::string> avatar;
  std::optional<std::string> email;
  std::optional<Seconds> regis_time;
  std::optional<Seconds> update_time;
  std::optional<std::int64_t> role_id;
};

struct Permission {
  std::int64_t id = 0;
  std::string name;
  std::optional<std::string> desc;
  Seconds created_at = 0;
  Seconds updated_at = 0;
};

struct Role {
  std::int64_t id = 0;
  std::string name;
  std::optional<std::string> desc;
  std::optional<Seconds> created_at;
  std::optional<Seconds> updated_at;
};

// A role with its permissions in ascending id order (docs/contract/http-api.md 7, RoleInfo).
struct RoleInfo {
  Role role;
  std::vector<Permission> permissions;
};

struct FriendSetting {
  std::int64_t id = 0;
  UserId user_id = 0;    // the owner
  UserId friend_id = 0;  // the friend
  std::optional<std::string> remark;
  bool astrolabe = false;
  bool block = false;  // the owner has blocked the friend (S8)
  std::optional<Seconds> created_at;
  std::optional<Seconds> updated_at;
};

// One element of the friend list: the other user and the caller's own setting row for them.
struct FriendEntry {
  User user;
  std::optional<FriendSetting> setting;
  std::int64_t friendship_id = 0;  // Friends.id, the list order
};

enum class NotifyType : int { add_friend = 1, del_friend = 2 };
enum class NotifyStatus : int {
  initial = 1,
  received = 2,
  readed = 3,
  fulfilled = 4,
  rejected = 5
};

struct Notify {
  std::string id;  // UUID v4
  NotifyType type = NotifyType::add_friend;
  UserId sender = 0;
  UserId receiver = 0;
  NotifyStatus status = NotifyStatus::initial;
  Millis timer = 0;
  std::optional<std::string> remark;
  std::optional<std::string> ext;
  std::optional<Seconds> created_at;
  std::optional<Seconds> updated_at;
};

struct NotifyWithSender {
  Notify notify;
  std::optional<User> sender;
};

enum class GroupType : int { basic = 1, big = 2 };

struct Group {
  GroupId id = 0;
  std::optional<std::string> name;
  std::optional<std::string> avatar;
  int type = 1;
  UserId creator = 0;
  std::optional<Seconds> created_at;
  std::optional<Seconds> updated_at;
};

struct GroupWithCount {
  Group group;
  std::int64_t count = 0;
};

struct Member {
  std::int64_t id = 0;
  GroupId group_id = 0;
  UserId user_id = 0;
  std::optional<Seconds> created_at;
  std::optional<Seconds> updated_at;
};

struct MemberWithUser {
  Member member;
  User user;
};

// What happened to a stored message after it was sent (docs/protocol-extensions.md "Recall and
// edit"); stored as its number.
enum class MessageState : std::uint8_t { sent = 0, edited = 1, recalled = 2 };

struct Message {
  MessageId id = 0;  // assigned by storage
  std::string msg_id;
  std::string type;
  UserId sender = 0;
  std::optional<GroupId> group_id;
  std::int64_t receiver = 0;  // user id, or the group id for group messages
  std::optional<std::string> content;
  Millis timer = 0;
  std::optional<std::string> ext;
  std::optional<Seconds> created_at;
  std::optional<Seconds> updated_at;
  // Multi-device sync (docs/protocol-extensions.md "Multi-device sync"): the position of the
  // message's latest change in every party's sync stream (0 for rows stored before sync existed),
  // and whether it was edited or recalled since.
  std::int64_t seq = 0;
  MessageState state = MessageState::sent;
};

struct MessageWithSender {
  Message message;
  std::optional<User> sender;  // current profile (E4)
};

// Delivery watermark per receiver (docs/contract/realtime.md 8.1). NULL lastAck means 0 (B6).
struct MessageAck {
  UserId receiver = 0;
  std::optional<MessageId> last_ack;
  std::optional<MessageId> last_ack_err;
};

struct Release {
  std::int64_t id = 0;
  std::string platform;
  std::string archs;
  std::string version;
  bool actived = false;
  std::string type;  // full | asar
  std::optional<std::string> ext;
  std::optional<std::string> remark;
  bool force_update = false;
  std::optional<Seconds> created_at;
  std::optional<Seconds> updated_at;
};

}  // namespace im
