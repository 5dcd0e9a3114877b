// JSON views of the admin API (docs/operations.md "Admin API"): live sessions, the summary and
// audit log entries. Dates are I format (docs/contract/http-api.md 6.2).
#pragma once

#include <boost/json/object.hpp>

#include "im/services/admin_service.hpp"

namespace im::host::views {

// {"id":"7","node":"host-123-1a2b3c4d","transport":"websocket","address":"127.0.0.1",
//  "connectedAt":"2026-11-26T11:18:35.123Z"}
boost::json::object live_session(const SessionDescription& session);

// {"users":12,"onlineUsers":3,"sessions":4,"messagesPerMinute":12|null,"node":"…","nodes":2,
//  "complete":true}
boost::json::object admin_summary(const AdminSummary& summary);

// {"id":5,"actor":10000,"action":"user.ban","target":"user:10001","detail":{…},
//  "createdAt":"2026-11-26T11:18:35.000Z"}
boost::json::object audit_entry(const AuditEntry& entry);

}  // namespace im::host::views
