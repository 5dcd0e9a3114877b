// The admin API (docs/operations.md "Admin API"): a user's live sessions on every node and
// closing them, banning and unbanning users, deleting a message for everyone, the dashboard
// summary and the audit log. Every call needs permission 3 (permManage, the role administration
// level of docs/contract/http-api.md 8.4); every action on a user or a message is written to the
// audit log, by the call that does it.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "im/clock.hpp"
#include "im/hub.hpp"
#include "im/message_rate_meter.hpp"
#include "im/result.hpp"
#include "im/services/auth_service.hpp"
#include "im/session.hpp"
#include "im/storage/admin_store.hpp"
#include "im/storage/user_store.hpp"
#include "im/user_context.hpp"

namespace im {

struct LiveSessions {
  std::vector<SessionDescription> sessions;  // this node's first
  bool complete = true;  // false: the other nodes' could not be read (the list is this node's)
};

// With several nodes (a bus), the figures add up every live node's: this node's now, the
// others' as they last reported them (at most 15 s old with Redis).
struct AdminSummary {
  std::int64_t users = 0;
  std::int64_t online_users = 0;  // per node: a user on two nodes counts twice
  std::int64_t sessions = 0;
  // Chat messages stored per minute over the last minute; nullopt while no node has measured
  // it yet (this node samples when the summary is asked for, MessageRateMeter: twice at least
  // 5 s apart; another node when it reports).
  std::optional<double> messages_per_minute;
  std::string node;        // this node
  std::int64_t nodes = 1;  // nodes counted
  bool complete = true;    // false: the other nodes' figures could not be read
};

class AdminService {
 public:
  static constexpr std::int64_t kPermission = 3;  // permManage
  static constexpr std::int64_t kMaxAuditPage = 200;

  AdminService(AdminStore& admin, UserStore& users, AuthService& auth, Hub& hub, Clock& clock);

  // Optional ids: nullopt = missing or not an integer (400).
  Result<LiveSessions> sessions(const UserContext& caller, std::optional<UserId> user);
  // Every session of `user` on every node; returns how many were closed on this node.
  Result<std::int64_t> close_sessions(const UserContext& caller, std::optional<UserId> user);
  // One session, named by its node and id as sessions() lists them; 404 when it is not there
  // (for another node's session: when that node holds none of the user's sessions).
  Result<std::string> close_session(const UserContext& caller, std::optional<UserId> user,
                                    const std::string& node, const std::string& id);
  // Stores the ban, revokes every token of the user (their HTTP requests get 401 from now on,
  // a new login is refused with 403) and closes their sessions on every node.
  Result<std::string> ban(const UserContext& caller, std::optional<UserId> user);
  Result<std::string> unban(const UserContext& caller, std::optional<UserId> user);
  // Deletes a one-to-one or group message for everyone (AdminStore::delete_message).
  Result<std::string> delete_message(const UserContext& caller, std::optional<MessageId> id);
  Result<AdminSummary> summary(const UserContext& caller);
  // Newest first, ids below `before` (nullopt: from the newest); `limit` 1..kMaxAuditPage.
  Result<std::vector<AuditEntry>> audit(const UserContext& caller,
                                        std::optional<std::int64_t> before,
                                        std::optional<std::int64_t> limit);

 private:
  // The audit row of an action just done; a row that cannot be written fails the call (500),
  // so that no action goes unrecorded without the caller knowing.
  Result<void> record(const UserContext& caller, std::string action, std::string target,
                      std::string detail);
  // 404 unless the user exists.
  Result<void> require_user(UserId user);

  AdminStore& admin_;
  UserStore& users_;
  AuthService& auth_;
  Hub& hub_;
  Clock& clock_;
  MessageRateMeter rate_;
};

}  // namespace im
