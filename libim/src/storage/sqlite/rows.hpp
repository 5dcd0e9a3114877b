// Column lists and row readers shared by the SQLite queries, so every query that returns a user,
// group, notify, ... selects the same columns in the same order.
#pragma once

#include "im/types.hpp"
#include "storage/sqlite/connection.hpp"

namespace im::sqlite {

// Columns read by read_user, qualified with the alias `u` (8 columns).
inline constexpr const char* kUserColumns =
    "u.\"id\", u.\"account\", u.\"pwd\", u.\"avatar\", u.\"email\", u.\"regisTime\", "
    "u.\"updateTime\", u.\"roleId\"";
inline constexpr int kUserColumnCount = 8;

// Alias `s` (8 columns).
inline constexpr const char* kSettingColumns =
    "s.\"id\", s.\"userId\", s.\"friendId\", s.\"remark\", s.\"astrolabe\", s.\"block\", "
    "s.\"createdAt\", s.\"updatedAt\"";

// Alias `n` (10 columns).
inline constexpr const char* kNotifyColumns =
    "n.\"id\", n.\"type\", n.\"sender\", n.\"receiver\", n.\"status\", n.\"timer\", n.\"remark\", "
    "n.\"ext\", n.\"createdAt\", n.\"updatedAt\"";
inline constexpr int kNotifyColumnCount = 10;

// Alias `g` (7 columns).
inline constexpr const char* kGroupColumns =
    "g.\"id\", g.\"name\", g.\"avatar\", g.\"type\", g.\"creator\", g.\"createdAt\", "
    "g.\"updatedAt\"";
inline constexpr int kGroupColumnCount = 7;

// Alias `mb` (5 columns).
inline constexpr const char* kMemberColumns =
    "mb.\"id\", mb.\"groupId\", mb.\"userId\", mb.\"createdAt\", mb.\"updatedAt\"";
inline constexpr int kMemberColumnCount = 5;

// Alias `m` (11 columns).
inline constexpr const char* kMessageColumns =
    "m.\"id\", m.\"msgId\", m.\"type\", m.\"sender\", m.\"groupId\", m.\"receiver\", "
    "m.\"content\", "
    "m.\"timer\", m.\"ext\", m.\"createdAt\", m.\"updatedAt\"";
inline constexpr int kMessageColumnCount = 11;

// Alias `p` (5 columns).
inline constexpr const char* kPermissionColumns =
    "p.\"id\", p.\"name\", p.\"desc\", p.\"createdAt\", p.\"updatedAt\"";

// Alias `r` (11 columns).
inline constexpr const char* kReleaseColumns =
    "r.\"id\", r.\"platform\", r.\"archs\", r.\"version\", r.\"actived\", r.\"type\", r.\"ext\", "
    "r.\"remark\", r.\"forceUpdate\", r.\"createdAt\", r.\"updatedAt\"";

// Each reader starts at column `first` of the current row.
User read_user(const Stmt& st, int first = 0);
// A LEFT JOINed user: nullopt when its id column is NULL.
std::optional<User> read_optional_user(const Stmt& st, int first);
FriendSetting read_setting(const Stmt& st, int first = 0);
Notify read_notify(const Stmt& st, int first = 0);
Group read_group(const Stmt& st, int first = 0);
Member read_member(const Stmt& st, int first = 0);
Message read_message(const Stmt& st, int first = 0);
Permission read_permission(const Stmt& st, int first = 0);
Release read_release(const Stmt& st, int first = 0);

// Inserts a Notifies row (notifies.cpp); delete_friendship uses it inside its transaction.
void insert_notify(Db& db, const Notify& notify);

}  // namespace im::sqlite
