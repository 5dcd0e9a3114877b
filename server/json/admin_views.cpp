#include "server/json/admin_views.hpp"

#include <cmath>

#include <boost/json/parse.hpp>

#include "im/time_format.hpp"

namespace im::host::views {

namespace json = boost::json;

json::object live_session(const SessionDescription& session) {
  json::object o;
  o["id"] = session.id;
  o["node"] = session.node;
  o["transport"] = session.transport;
  o["address"] = session.address;
  o["connectedAt"] = format_i_ms(session.connected_at_ms);
  return o;
}

json::object admin_summary(const AdminSummary& summary) {
  json::object o;
  o["users"] = summary.users;
  o["onlineUsers"] = summary.online_users;
  o["sessions"] = summary.sessions;
  if (summary.messages_per_minute)
    o["messagesPerMinute"] = std::llround(*summary.messages_per_minute);
  else
    o["messagesPerMinute"] = nullptr;
  o["node"] = summary.node;
  o["nodes"] = summary.nodes;
  o["complete"] = summary.complete;
  return o;
}

json::object audit_entry(const AuditEntry& entry) {
  json::object o;
  o["id"] = entry.id;
  o["actor"] = entry.actor;
  o["action"] = entry.action;
  o["target"] = entry.target;
  // The service writes a JSON object; a row that does not parse is shown as its text.
  boost::system::error_code ec;
  json::value detail = json::parse(entry.detail, ec);
  o["detail"] = ec ? json::value(entry.detail) : std::move(detail);
  o["createdAt"] = format_i(entry.created_at);
  return o;
}

}  // namespace im::host::views
