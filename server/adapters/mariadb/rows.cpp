#include "server/adapters/mariadb/rows.hpp"

#include "im/time_format.hpp"

namespace im::host::mariadb {

std::string db_time(Seconds t) {
  return to_db_datetime(t);
}

User read_user(const Row& r, std::size_t at) {
  User u;
  u.id = r.i64(at);
  u.account = r.opt_str(at + 1);
  u.pwd_hash = r.str(at + 2);
  u.avatar = r.opt_str(at + 3);
  u.email = r.opt_str(at + 4);
  u.regis_time = r.time(at + 5);
  u.update_time = r.time(at + 6);
  u.role_id = r.opt_i64(at + 7);
  return u;
}

FriendSetting read_setting(const Row& r, std::size_t at) {
  FriendSetting s;
  s.id = r.i64(at);
  s.user_id = r.i64(at + 1);
  s.friend_id = r.i64(at + 2);
  s.remark = r.opt_str(at + 3);
  s.astrolabe = r.boolean(at + 4);
  s.block = r.boolean(at + 5);
  s.created_at = r.time(at + 6);
  s.updated_at = r.time(at + 7);
  return s;
}

Notify read_notify(const Row& r, std::size_t at) {
  Notify n;
  n.id = r.str(at);
  n.type = static_cast<NotifyType>(r.i64(at + 1));
  n.sender = r.i64(at + 2);
  n.receiver = r.i64(at + 3);
  n.status = static_cast<NotifyStatus>(r.i64(at + 4));
  n.timer = r.i64(at + 5);
  n.remark = r.opt_str(at + 6);
  n.ext = r.opt_str(at + 7);
  n.created_at = r.time(at + 8);
  n.updated_at = r.time(at + 9);
  return n;
}

Group read_group(const Row& r, std::size_t at) {
  Group g;
  g.id = r.i64(at);
  g.name = r.opt_str(at + 1);
  g.avatar = r.opt_str(at + 2);
  g.type = static_cast<int>(r.i64(at + 3));
  g.creator = r.i64(at + 4);
  g.created_at = r.time(at + 5);
  g.updated_at = r.time(at + 6);
  return g;
}

Member read_member(const Row& r, std::size_t at) {
  Member m;
  m.id = r.i64(at);
  m.group_id = r.i64(at + 1);
  m.user_id = r.i64(at + 2);
  m.created_at = r.time(at + 3);
  m.updated_at = r.time(at + 4);
  return m;
}

Message read_message(const Row& r, std::size_t at) {
  Message m;
  m.id = r.i64(at);
  m.msg_id = r.str(at + 1);
  m.type = r.str(at + 2);
  m.sender = r.i64(at + 3);
  m.group_id = r.opt_i64(at + 4);
  m.receiver = r.i64(at + 5);
  m.content = r.opt_str(at + 6);
  m.timer = r.i64(at + 7);
  m.ext = r.opt_str(at + 8);
  m.created_at = r.time(at + 9);
  m.updated_at = r.time(at + 10);
  return m;
}

Release read_release(const Row& r, std::size_t at) {
  Release e;
  e.id = r.i64(at);
  e.platform = r.str(at + 1);
  e.archs = r.str(at + 2);
  e.version = r.str(at + 3);
  e.actived = r.boolean(at + 4);
  e.type = r.str(at + 5);
  e.ext = r.opt_str(at + 6);
  e.remark = r.opt_str(at + 7);
  e.force_update = r.boolean(at + 8);
  e.created_at = r.time(at + 9);
  e.updated_at = r.time(at + 10);
  return e;
}

}  // namespace im::host::mariadb
