#include "storage/sqlite/rows.hpp"

namespace im::sqlite {

User read_user(const Stmt& st, int c) {
  User u;
  u.id = st.i64(c);
  u.account = st.opt_text(c + 1);
  u.pwd_hash = st.text(c + 2);
  u.avatar = st.opt_text(c + 3);
  u.email = st.opt_text(c + 4);
  u.regis_time = st.opt_time(c + 5);
  u.update_time = st.opt_time(c + 6);
  u.role_id = st.opt_i64(c + 7);
  return u;
}

std::optional<User> read_optional_user(const Stmt& st, int c) {
  if (st.is_null(c)) return std::nullopt;
  return read_user(st, c);
}

FriendSetting read_setting(const Stmt& st, int c) {
  FriendSetting s;
  s.id = st.i64(c);
  s.user_id = st.i64(c + 1);
  s.friend_id = st.i64(c + 2);
  s.remark = st.opt_text(c + 3);
  s.astrolabe = st.i64(c + 4) != 0;
  s.block = st.i64(c + 5) != 0;
  s.created_at = st.opt_time(c + 6);
  s.updated_at = st.opt_time(c + 7);
  return s;
}

Notify read_notify(const Stmt& st, int c) {
  Notify n;
  n.id = st.text(c);
  // `type` is nullable in the schema (docs/contract/data-model.md 2.12); a NULL reads as AddFriend.
  n.type = static_cast<NotifyType>(st.opt_i64(c + 1).value_or(1));
  n.sender = st.i64(c + 2);
  n.receiver = st.i64(c + 3);
  n.status = static_cast<NotifyStatus>(st.i64(c + 4));
  n.timer = st.i64(c + 5);
  n.remark = st.opt_text(c + 6);
  n.ext = st.opt_text(c + 7);
  n.created_at = st.opt_time(c + 8);
  n.updated_at = st.opt_time(c + 9);
  return n;
}

Group read_group(const Stmt& st, int c) {
  Group g;
  g.id = st.i64(c);
  g.name = st.opt_text(c + 1);
  g.avatar = st.opt_text(c + 2);
  g.type = static_cast<int>(st.i64(c + 3));
  g.creator = st.i64(c + 4);
  g.created_at = st.opt_time(c + 5);
  g.updated_at = st.opt_time(c + 6);
  return g;
}

Member read_member(const Stmt& st, int c) {
  Member m;
  m.id = st.i64(c);
  m.group_id = st.i64(c + 1);
  m.user_id = st.i64(c + 2);
  m.created_at = st.opt_time(c + 3);
  m.updated_at = st.opt_time(c + 4);
  return m;
}

Message read_message(const Stmt& st, int c) {
  Message m;
  m.id = st.i64(c);
  m.msg_id = st.text(c + 1);
  m.type = st.text(c + 2);
  m.sender = st.i64(c + 3);
  m.group_id = st.opt_i64(c + 4);
  m.receiver = st.i64(c + 5);
  m.content = st.opt_text(c + 6);
  m.timer = st.i64(c + 7);
  m.ext = st.opt_text(c + 8);
  m.created_at = st.opt_time(c + 9);
  m.updated_at = st.opt_time(c + 10);
  return m;
}

Permission read_permission(const Stmt& st, int c) {
  Permission p;
  p.id = st.i64(c);
  p.name = st.text(c + 1);
  p.desc = st.opt_text(c + 2);
  p.created_at = st.opt_time(c + 3).value_or(0);
  p.updated_at = st.opt_time(c + 4).value_or(0);
  return p;
}

Release read_release(const Stmt& st, int c) {
  Release r;
  r.id = st.i64(c);
  r.platform = st.text(c + 1);
  r.archs = st.text(c + 2);
  r.version = st.text(c + 3);
  r.actived = st.opt_i64(c + 4).value_or(0) != 0;
  r.type = st.text(c + 5);
  r.ext = st.opt_text(c + 6);
  r.remark = st.opt_text(c + 7);
  r.force_update = st.opt_i64(c + 8).value_or(0) != 0;
  r.created_at = st.opt_time(c + 9);
  r.updated_at = st.opt_time(c + 10);
  return r;
}

}  // namespace im::sqlite
