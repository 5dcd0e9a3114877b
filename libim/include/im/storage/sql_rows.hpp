// Row mapping shared by the SQL adapters (SQLite in im::sqlite, MariaDB in the host): the columns
// each domain row is read from, in order, and the readers that build the row from any cursor
// with the accessors
//   i64(i)  opt_i64(i)  text(i)  opt_text(i)  opt_time(i)  is_null(i)
// (a NULL integer reads as 0, a NULL text as ""; opt_time turns the stored UTC+08:00 DATETIME
// into epoch seconds, docs/contract/data-model.md 1.3). The SQL around them (quoting, dialect)
// stays with each adapter; SelectLists writes the SELECT lists in the adapter's quoting.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "im/storage/history_store.hpp"
#include "im/storage/user_store.hpp"
#include "im/types.hpp"

namespace im::sql {

inline constexpr std::array<std::string_view, 8> kUserFields{
    "id", "account", "pwd", "avatar", "email", "regisTime", "updateTime", "roleId"};
inline constexpr std::array<std::string_view, 5> kRoleFields{"id", "name", "desc", "createdAt",
                                                             "updatedAt"};
inline constexpr std::array<std::string_view, 5> kPermissionFields{"id", "name", "desc",
                                                                   "createdAt", "updatedAt"};
inline constexpr std::array<std::string_view, 8> kSettingFields{
    "id", "userId", "friendId", "remark", "astrolabe", "block", "createdAt", "updatedAt"};
inline constexpr std::array<std::string_view, 10> kNotifyFields{
    "id",    "type",   "sender", "receiver",  "status",
    "timer", "remark", "ext",    "createdAt", "updatedAt"};
inline constexpr std::array<std::string_view, 7> kGroupFields{
    "id", "name", "avatar", "type", "creator", "createdAt", "updatedAt"};
inline constexpr std::array<std::string_view, 5> kMemberFields{"id", "groupId", "userId",
                                                               "createdAt", "updatedAt"};
inline constexpr std::array<std::string_view, 13> kMessageFields{
    "id",    "msgId", "type",      "sender",    "groupId", "receiver", "content",
    "timer", "ext",   "createdAt", "updatedAt", "seq",     "state"};
inline constexpr std::array<std::string_view, 11> kReleaseFields{
    "id",  "platform", "archs",       "version",   "actived",  "type",
    "ext", "remark",   "forceUpdate", "createdAt", "updatedAt"};

inline constexpr int kUserColumnCount = static_cast<int>(kUserFields.size());
inline constexpr int kSettingColumnCount = static_cast<int>(kSettingFields.size());
inline constexpr int kNotifyColumnCount = static_cast<int>(kNotifyFields.size());
inline constexpr int kGroupColumnCount = static_cast<int>(kGroupFields.size());
inline constexpr int kMemberColumnCount = static_cast<int>(kMemberFields.size());
inline constexpr int kMessageColumnCount = static_cast<int>(kMessageFields.size());

// `fields` qualified with `alias` and quoted with `quote`: columns('"', "u", kUserFields) is
// `u."id", u."account", ...`.
inline std::string columns(char quote, std::string_view alias,
                           std::span<const std::string_view> fields) {
  std::string list;
  for (auto field : fields) {
    if (!list.empty()) list += ", ";
    list.append(alias).append(".").append(1, quote).append(field).append(1, quote);
  }
  return list;
}

// The SELECT list of each reader below in one adapter's quoting, qualified with the table alias
// the queries use for that table.
struct SelectLists {
  explicit SelectLists(char quote)
      : user(columns(quote, "u", kUserFields)),
        role(columns(quote, "ro", kRoleFields)),
        permission(columns(quote, "p", kPermissionFields)),
        setting(columns(quote, "s", kSettingFields)),
        notify(columns(quote, "n", kNotifyFields)),
        group(columns(quote, "g", kGroupFields)),
        member(columns(quote, "mb", kMemberFields)),
        message(columns(quote, "m", kMessageFields)),
        release(columns(quote, "r", kReleaseFields)) {}

  std::string user, role, permission, setting, notify, group, member, message, release;
};

// Each reader starts at column `at` of the current row, in the order of its field list.
template <class Row>
User read_user(const Row& row, int at = 0) {
  User u;
  u.id = row.i64(at);
  u.account = row.opt_text(at + 1);
  u.pwd_hash = row.text(at + 2);
  u.avatar = row.opt_text(at + 3);
  u.email = row.opt_text(at + 4);
  u.regis_time = row.opt_time(at + 5);
  u.update_time = row.opt_time(at + 6);
  u.role_id = row.opt_i64(at + 7);
  return u;
}

// A LEFT JOINed user: nullopt when its id column is NULL.
template <class Row>
std::optional<User> read_optional_user(const Row& row, int at) {
  if (row.is_null(at)) return std::nullopt;
  return read_user(row, at);
}

template <class Row>
Role read_role(const Row& row, int at = 0) {
  return Role{row.i64(at), row.text(at + 1), row.opt_text(at + 2), row.opt_time(at + 3),
              row.opt_time(at + 4)};
}

template <class Row>
Permission read_permission(const Row& row, int at = 0) {
  return Permission{row.i64(at), row.text(at + 1), row.opt_text(at + 2),
                    row.opt_time(at + 3).value_or(0), row.opt_time(at + 4).value_or(0)};
}

template <class Row>
FriendSetting read_setting(const Row& row, int at = 0) {
  FriendSetting s;
  s.id = row.i64(at);
  s.user_id = row.i64(at + 1);
  s.friend_id = row.i64(at + 2);
  s.remark = row.opt_text(at + 3);
  s.astrolabe = row.i64(at + 4) != 0;
  s.block = row.i64(at + 5) != 0;
  s.created_at = row.opt_time(at + 6);
  s.updated_at = row.opt_time(at + 7);
  return s;
}

template <class Row>
Notify read_notify(const Row& row, int at = 0) {
  Notify n;
  n.id = row.text(at);
  // `type` is nullable in the schema (docs/contract/data-model.md 2.12); a NULL reads as AddFriend.
  n.type = static_cast<NotifyType>(row.opt_i64(at + 1).value_or(1));
  n.sender = row.i64(at + 2);
  n.receiver = row.i64(at + 3);
  n.status = static_cast<NotifyStatus>(row.i64(at + 4));
  n.timer = row.i64(at + 5);
  n.remark = row.opt_text(at + 6);
  n.ext = row.opt_text(at + 7);
  n.created_at = row.opt_time(at + 8);
  n.updated_at = row.opt_time(at + 9);
  return n;
}

template <class Row>
Group read_group(const Row& row, int at = 0) {
  Group g;
  g.id = row.i64(at);
  g.name = row.opt_text(at + 1);
  g.avatar = row.opt_text(at + 2);
  g.type = static_cast<int>(row.i64(at + 3));
  g.creator = row.i64(at + 4);
  g.created_at = row.opt_time(at + 5);
  g.updated_at = row.opt_time(at + 6);
  return g;
}

template <class Row>
Member read_member(const Row& row, int at = 0) {
  return Member{row.i64(at), row.i64(at + 1), row.i64(at + 2), row.opt_time(at + 3),
                row.opt_time(at + 4)};
}

template <class Row>
Message read_message(const Row& row, int at = 0) {
  Message m;
  m.id = row.i64(at);
  m.msg_id = row.text(at + 1);
  m.type = row.text(at + 2);
  m.sender = row.i64(at + 3);
  m.group_id = row.opt_i64(at + 4);
  m.receiver = row.i64(at + 5);
  m.content = row.opt_text(at + 6);
  m.timer = row.i64(at + 7);
  m.ext = row.opt_text(at + 8);
  m.created_at = row.opt_time(at + 9);
  m.updated_at = row.opt_time(at + 10);
  m.seq = row.i64(at + 11);
  m.state = static_cast<MessageState>(row.i64(at + 12));
  return m;
}

template <class Row>
Release read_release(const Row& row, int at = 0) {
  Release r;
  r.id = row.i64(at);
  r.platform = row.text(at + 1);
  r.archs = row.text(at + 2);
  r.version = row.text(at + 3);
  r.actived = row.i64(at + 4) != 0;
  r.type = row.text(at + 5);
  r.ext = row.opt_text(at + 6);
  r.remark = row.opt_text(at + 7);
  r.force_update = row.i64(at + 8) != 0;
  r.created_at = row.opt_time(at + 9);
  r.updated_at = row.opt_time(at + 10);
  return r;
}

// ---- Rows made of several readers, in the column order of their lists

// Friends.id, then the other user, then the caller's setting row (LEFT JOINed).
template <class Row>
FriendEntry read_friend_entry(const Row& row) {
  FriendEntry e;
  e.friendship_id = row.i64(0);
  e.user = read_user(row, 1);
  if (!row.is_null(1 + kUserColumnCount)) e.setting = read_setting(row, 1 + kUserColumnCount);
  return e;
}

// The notify, then its sender (LEFT JOINed).
template <class Row>
NotifyWithSender read_notify_with_sender(const Row& row) {
  return NotifyWithSender{read_notify(row), read_optional_user(row, kNotifyColumnCount)};
}

// The group, then its member count.
template <class Row>
GroupWithCount read_group_with_count(const Row& row) {
  return GroupWithCount{read_group(row), row.i64(kGroupColumnCount)};
}

// The member row, then its user.
template <class Row>
MemberWithUser read_member_with_user(const Row& row) {
  return MemberWithUser{read_member(row), read_user(row, kMemberColumnCount)};
}

// The message, then its sender's current row (LEFT JOINed).
template <class Row>
MessageWithSender read_message_with_sender(const Row& row) {
  return MessageWithSender{read_message(row), read_optional_user(row, kMessageColumnCount)};
}

// The peer (or NULL), the group (or NULL), the unread count, then the last message.
template <class Row>
Conversation read_conversation(const Row& row) {
  Conversation c;
  c.peer = row.opt_i64(0);
  c.group = row.opt_i64(1);
  c.unread = row.i64(2);
  c.last = read_message(row, 3);
  return c;
}

// ---- Rows an INSERT wrote, as the ports return them

inline User inserted_user(UserId id, const NewUser& n) {
  return User{id, n.account, n.pwd_hash, n.avatar, n.email, n.now, n.now, n.role_id};
}

}  // namespace im::sql
