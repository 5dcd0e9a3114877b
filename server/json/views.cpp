#include "server/json/views.hpp"

#include <boost/json/array.hpp>

#include "im/time_format.hpp"

namespace im::host::views {

namespace json = boost::json;

json::value nullable(const std::optional<std::string>& v) {
  if (v) return json::value(*v);
  return nullptr;
}

json::value f_time(const std::optional<Seconds>& t) {
  if (t) return json::value(format_f(*t));
  return nullptr;
}

json::value i_time(const std::optional<Seconds>& t) {
  if (t) return json::value(format_i(*t));
  return nullptr;
}

namespace {

json::value nullable_int(const std::optional<std::int64_t>& v) {
  if (v) return json::value(*v);
  return nullptr;
}

}  // namespace

json::object user_public(const User& u) {
  json::object o;
  o["regisTime"] = f_time(u.regis_time);
  o["updateTime"] = f_time(u.update_time);
  o["id"] = u.id;
  o["account"] = nullable(u.account);
  o["avatar"] = nullable(u.avatar);
  o["email"] = nullable(u.email);
  o["roleId"] = nullable_int(u.role_id);
  return o;
}

json::object user_public_raw(const User& u) {
  json::object o;
  o["id"] = u.id;
  o["account"] = nullable(u.account);
  o["avatar"] = nullable(u.avatar);
  o["email"] = nullable(u.email);
  o["regisTime"] = i_time(u.regis_time);
  o["updateTime"] = i_time(u.update_time);
  o["roleId"] = nullable_int(u.role_id);
  return o;
}

void append_role_info(json::object& out, const RoleInfo& role) {
  out["roleId"] = role.role.id;
  out["roleName"] = role.role.name;
  out["roleDesc"] = nullable(role.role.desc);
  json::array permissions;
  for (const auto& p : role.permissions)
    permissions.push_back(json::object{{"id", p.id}, {"name", p.name}, {"desc", nullable(p.desc)}});
  out["permissions"] = std::move(permissions);
}

json::object friend_setting(const FriendSetting& s) {
  json::object o;
  o["createdAt"] = f_time(s.created_at);
  o["updatedAt"] = f_time(s.updated_at);
  o["id"] = s.id;
  o["userId"] = s.user_id;
  o["friendId"] = s.friend_id;
  o["remark"] = nullable(s.remark);
  o["astrolabe"] = s.astrolabe;
  o["block"] = s.block;
  return o;
}

json::object friend_entry(const FriendEntry& e) {
  json::object o = user_public(e.user);
  // B15: the caller's own row; a missing row shows as defaults.
  FriendSetting none;
  const FriendSetting& s = e.setting ? *e.setting : none;
  o["createdAt"] = f_time(s.created_at);
  o["updatedAt"] = f_time(s.updated_at);
  o["remark"] = nullable(s.remark);
  o["astrolabe"] = s.astrolabe;
  o["block"] = s.block;
  return o;
}

json::object notify_row(const Notify& n) {
  json::object o;
  o["id"] = n.id;
  o["type"] = static_cast<int>(n.type);
  o["sender"] = n.sender;
  o["receiver"] = n.receiver;
  o["status"] = static_cast<int>(n.status);
  o["timer"] = n.timer;
  o["remark"] = nullable(n.remark);
  o["ext"] = nullable(n.ext);
  o["createdAt"] = i_time(n.created_at);
  o["updatedAt"] = i_time(n.updated_at);
  return o;
}

json::object pending_notify(const NotifyWithSender& row) {
  json::object o = notify_row(row.notify);
  // The original also sent "senderInfo.pwd" here; S5 drops it.
  if (row.sender) {
    const User& u = *row.sender;
    o["senderInfo.id"] = u.id;
    o["senderInfo.account"] = nullable(u.account);
    o["senderInfo.avatar"] = nullable(u.avatar);
    o["senderInfo.email"] = nullable(u.email);
    o["senderInfo.regisTime"] = i_time(u.regis_time);
    o["senderInfo.updateTime"] = i_time(u.update_time);
    o["senderInfo.roleId"] = nullable_int(u.role_id);
  } else {
    for (const char* key :
         {"senderInfo.id", "senderInfo.account", "senderInfo.avatar", "senderInfo.email",
          "senderInfo.regisTime", "senderInfo.updateTime", "senderInfo.roleId"})
      o[key] = nullptr;
  }
  return o;
}

namespace {

// The group columns shared by G1, G4 and G5 (F-format dates).
json::object group_head(const Group& g, bool with_avatar) {
  json::object o;
  o["createdAt"] = f_time(g.created_at);
  o["updatedAt"] = f_time(g.updated_at);
  o["id"] = g.id;
  o["name"] = nullable(g.name);
  if (with_avatar) o["avatar"] = nullable(g.avatar);
  o["type"] = g.type;
  o["creator"] = g.creator;
  return o;
}

template <class MemberView>
json::object group_with(const GroupDetails& d, bool with_avatar, MemberView view) {
  json::object o = group_head(d.group, with_avatar);
  o["count"] = static_cast<std::int64_t>(d.members.size());
  json::array members;
  for (const auto& m : d.members) members.push_back(view(m));
  o["members"] = std::move(members);
  return o;
}

}  // namespace

json::object group_created(const GroupDetails& d, bool with_avatar) {
  return group_with(d, with_avatar, [](const MemberWithUser& m) {
    json::object o = user_public(m.user);
    json::object join;
    join["createdAt"] = f_time(m.member.created_at);
    join["updatedAt"] = f_time(m.member.updated_at);
    join["id"] = m.member.id;
    join["groupId"] = m.member.group_id;
    join["userId"] = m.member.user_id;
    o["Member"] = std::move(join);
    return o;
  });
}

json::object group_with_members(const GroupDetails& d) {
  return group_with(d, true, [](const MemberWithUser& m) { return user_public(m.user); });
}

json::object group_with_raw_members(const GroupDetails& d) {
  return group_with(d, true, [](const MemberWithUser& m) { return user_public_raw(m.user); });
}

json::object group_row(const GroupWithCount& g) {
  json::object o;
  o["id"] = g.group.id;
  o["name"] = nullable(g.group.name);
  o["avatar"] = nullable(g.group.avatar);
  o["type"] = g.group.type;
  o["creator"] = g.group.creator;
  o["createdAt"] = i_time(g.group.created_at);
  o["updatedAt"] = i_time(g.group.updated_at);
  o["count"] = g.count;
  return o;
}

json::object message_row(const Message& m) {
  json::object o;
  o["id"] = m.id;
  o["msgId"] = m.msg_id;
  o["type"] = m.type;
  o["sender"] = m.sender;
  o["groupId"] = nullable_int(m.group_id);
  o["receiver"] = m.receiver;
  o["content"] = nullable(m.content);
  o["timer"] = m.timer;
  o["ext"] = nullable(m.ext);
  return o;
}

json::object offline_message(const MessageWithSender& row) {
  json::object o = message_row(row.message);
  if (row.sender)
    o["senderInfo"] = user_public(*row.sender);
  else
    o["senderInfo"] = nullptr;
  return o;
}

json::object release_row(const Release& r) {
  json::object o;
  o["id"] = r.id;
  o["platform"] = r.platform;
  o["archs"] = r.archs;
  o["version"] = r.version;
  o["actived"] = r.actived ? 1 : 0;
  o["type"] = r.type;
  o["ext"] = nullable(r.ext);
  o["remark"] = nullable(r.remark);
  o["forceUpdate"] = r.force_update ? 1 : 0;
  o["createdAt"] = i_time(r.created_at);
  o["updatedAt"] = i_time(r.updated_at);
  return o;
}

}  // namespace im::host::views
