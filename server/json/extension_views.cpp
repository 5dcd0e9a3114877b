#include "server/json/extension_views.hpp"

#include "server/json/views.hpp"

namespace im::host::views {

namespace json = boost::json;

json::object blocked_user(const BlockedUser& row) {
  json::object o;
  o["userId"] = row.user_id;
  o["createdAt"] = f_time(row.created_at);
  return o;
}

json::object history_message(const Message& m) {
  json::object o = message_row(m);  // E4's message fields, then the time it was stored
  o["createdAt"] = f_time(m.created_at);
  // Recall and edit: "sent", "edited" or "recalled" (content null).
  static constexpr const char* kStates[] = {"sent", "edited", "recalled"};
  o["state"] = kStates[static_cast<int>(m.state)];
  return o;
}

json::object sync_message(const Message& m) {
  json::object o = history_message(m);
  o["seq"] = m.seq;
  return o;
}

json::object conversation(const Conversation& row) {
  json::object o;
  o["userId"] = row.peer ? json::value(*row.peer) : json::value(nullptr);
  o["groupId"] = row.group ? json::value(*row.group) : json::value(nullptr);
  o["unread"] = row.unread;
  o["lastMessage"] = history_message(row.last);
  return o;
}

}  // namespace im::host::views
