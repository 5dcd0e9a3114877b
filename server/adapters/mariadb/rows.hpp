// Column lists and row readers shared by the query files. Each kXxxCols list matches the reader
// of the same type, which takes the index of the list's first column in the row.
#pragma once

#include <cstddef>

#include "im/types.hpp"
#include "server/adapters/mariadb/value.hpp"

namespace im::host::mariadb {

// Users aliased as `u`.
inline constexpr const char* kUserCols =
    "u.`id`, u.`account`, u.`pwd`, u.`avatar`, u.`email`, u.`regisTime`, u.`updateTime`, "
    "u.`roleId`";
inline constexpr std::size_t kUserColCount = 8;
User read_user(const Row& row, std::size_t at = 0);

// FriendSettings aliased as `s`.
inline constexpr const char* kSettingCols =
    "s.`id`, s.`userId`, s.`friendId`, s.`remark`, s.`astrolabe`, s.`block`, s.`createdAt`, "
    "s.`updatedAt`";
inline constexpr std::size_t kSettingColCount = 8;
FriendSetting read_setting(const Row& row, std::size_t at = 0);

// Notifies aliased as `n`.
inline constexpr const char* kNotifyCols =
    "n.`id`, n.`type`, n.`sender`, n.`receiver`, n.`status`, n.`timer`, n.`remark`, n.`ext`, "
    "n.`createdAt`, n.`updatedAt`";
inline constexpr std::size_t kNotifyColCount = 10;
Notify read_notify(const Row& row, std::size_t at = 0);

// Groups aliased as `g`.
inline constexpr const char* kGroupCols =
    "g.`id`, g.`name`, g.`avatar`, g.`type`, g.`creator`, g.`createdAt`, g.`updatedAt`";
inline constexpr std::size_t kGroupColCount = 7;
Group read_group(const Row& row, std::size_t at = 0);

// Members aliased as `mb`.
inline constexpr const char* kMemberCols =
    "mb.`id`, mb.`groupId`, mb.`userId`, mb.`createdAt`, mb.`updatedAt`";
inline constexpr std::size_t kMemberColCount = 5;
Member read_member(const Row& row, std::size_t at = 0);

// Messages aliased as `m`.
inline constexpr const char* kMessageCols =
    "m.`id`, m.`msgId`, m.`type`, m.`sender`, m.`groupId`, m.`receiver`, m.`content`, "
    "m.`timer`, m.`ext`, m.`createdAt`, m.`updatedAt`";
inline constexpr std::size_t kMessageColCount = 11;
Message read_message(const Row& row, std::size_t at = 0);

// Electrons aliased as `e`.
inline constexpr const char* kReleaseCols =
    "e.`id`, e.`platform`, e.`archs`, e.`version`, e.`actived`, e.`type`, e.`ext`, e.`remark`, "
    "e.`forceUpdate`, e.`createdAt`, e.`updatedAt`";
inline constexpr std::size_t kReleaseColCount = 11;
Release read_release(const Row& row, std::size_t at = 0);

// DATETIME parameter text for an epoch time (UTC+08:00 wall clock,
// docs/contract/data-model.md 1.3).
std::string db_time(Seconds t);

}  // namespace im::host::mariadb
