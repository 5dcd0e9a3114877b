// JSON views of the domain rows, with the exact keys, key order and date formats of
// docs/contract/http-api.md (sections 6, 7 and 10). One function per shape; handlers compose them.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "im/services/group_service.hpp"
#include "im/types.hpp"

namespace im::host::views {

// UserPublic (docs/contract/http-api.md 7): F-format dates, no password hash.
boost::json::object user_public(const User& user);
// UserPublicRaw (G5 members): column order, I-format dates.
boost::json::object user_public_raw(const User& user);
// RoleInfo keys appended to `out`: roleId, roleName, roleDesc, permissions.
void append_role_info(boost::json::object& out, const RoleInfo& role);

// F4: a setting row, F-format dates, JSON booleans.
boost::json::object friend_setting(const FriendSetting& setting);
// F5 element: the friend's UserPublic followed by the caller's setting fields.
boost::json::object friend_entry(const FriendEntry& entry);

// A notify's columns, I-format dates (the account export; E1 adds the sender).
boost::json::object notify_row(const Notify& notify);
// E1 element: notify columns with I-format dates and flat `senderInfo.*` keys (no pwd, S5).
boost::json::object pending_notify(const NotifyWithSender& row);

// G1 data (`avatar` only when `with_avatar`), G4 element, G5 data, G6 element.
boost::json::object group_created(const GroupDetails& details, bool with_avatar);
boost::json::object group_with_members(const GroupDetails& details);
boost::json::object group_with_raw_members(const GroupDetails& details);
boost::json::object group_row(const GroupWithCount& group);

// A message's columns (the account export; E4 adds the sender).
boost::json::object message_row(const Message& message);
// E4 element: message columns then the sender's current UserPublic as `senderInfo`.
boost::json::object offline_message(const MessageWithSender& row);

// X3 data: the release row as stored (0/1 numbers, I-format dates).
boost::json::object release_row(const Release& release);

// Helpers for nullable columns.
boost::json::value nullable(const std::optional<std::string>& v);
boost::json::value f_time(const std::optional<Seconds>& t);
boost::json::value i_time(const std::optional<Seconds>& t);

}  // namespace im::host::views
