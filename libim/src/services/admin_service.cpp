#include "im/services/admin_service.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "im/log_format.hpp"

namespace im {

namespace {

// How long the session list and the summary wait for the other nodes' figures.
constexpr std::chrono::milliseconds kRemoteTimeout{2000};

Error missing(const char* what) {
  return Error::bad_request().because(Errc::invalid_argument,
                                      std::string(what) + " is missing or no integer");
}

std::string user_target(UserId user) {
  return "user:" + std::to_string(user);
}

// The HTTP routes check permission 3 first; a C++ caller of the service gets the same answer.
std::optional<Error> refusal(const UserContext& caller) {
  if (caller.has_permission(AdminService::kPermission)) return std::nullopt;
  return Error::forbidden();
}

std::string detail_of(const boost::json::object& detail) {
  return boost::json::serialize(detail);
}

}  // namespace

AdminService::AdminService(AdminStore& admin, UserStore& users, AuthService& auth, Hub& hub,
                           Clock& clock)
    : admin_(admin), users_(users), auth_(auth), hub_(hub), clock_(clock) {}

Result<void> AdminService::record(const UserContext& caller, std::string action, std::string target,
                                  std::string detail) {
  AuditEntry entry;
  entry.actor = caller.id;
  entry.action = std::move(action);
  entry.target = std::move(target);
  entry.detail = std::move(detail);
  entry.created_at = clock_.now_s();
  if (auto appended = admin_.append_audit(entry); !appended) {
    log::error("admin action {} on {} by {} done but not audited: {}", entry.action, entry.target,
               caller.id, appended.error().detail);
    return Error::storage(appended.error().detail);
  }
  log::info("admin action {} on {} by {}", entry.action, entry.target, caller.id);
  return {};
}

Result<void> AdminService::require_user(UserId user) {
  auto found = users_.find_user(user);
  if (!found) return Error::storage(found.error().detail);
  if (!found.value())
    return Error::not_found("No user found with id " + std::to_string(user))
        .because(Errc::not_found, "no such user");
  return {};
}

Result<LiveSessions> AdminService::sessions(const UserContext& caller, std::optional<UserId> user) {
  if (auto denied = refusal(caller)) return *denied;
  if (!user) return missing("userId");
  LiveSessions out;
  out.sessions = hub_.describe_sessions(*user);
  if (auto remote = hub_.describe_remote_sessions(*user, kRemoteTimeout)) {
    for (auto& s : *remote) out.sessions.push_back(std::move(s));
  } else {
    out.complete = false;
  }
  boost::json::object detail{{"sessions", out.sessions.size()}, {"complete", out.complete}};
  if (auto r = record(caller, "sessions.list", user_target(*user), detail_of(detail)); !r)
    return r.error();
  return out;
}

Result<std::int64_t> AdminService::close_sessions(const UserContext& caller,
                                                  std::optional<UserId> user) {
  if (auto denied = refusal(caller)) return *denied;
  if (!user) return missing("userId");
  const auto closed = static_cast<std::int64_t>(hub_.close_sessions(*user, std::nullopt));
  boost::json::object detail{{"closedOnThisNode", closed}};
  if (auto r = record(caller, "sessions.close", user_target(*user), detail_of(detail)); !r)
    return r.error();
  return closed;
}

Result<std::string> AdminService::close_session(const UserContext& caller,
                                                std::optional<UserId> user, const std::string& node,
                                                const std::string& id) {
  if (auto denied = refusal(caller)) return *denied;
  if (!user) return missing("userId");
  if (node.empty() || id.empty())
    return Error::bad_request().because(Errc::invalid_argument, "node or sessionId is missing");
  if (!hub_.close_session(*user, node, id))
    return Error::not_found("No session found with id " + id)
        .because(Errc::not_found, "no such session on this node");
  boost::json::object detail{{"node", node}, {"sessionId", id}};
  if (auto r = record(caller, "session.close", user_target(*user), detail_of(detail)); !r)
    return r.error();
  return std::string("Successfully closed.");
}

Result<std::string> AdminService::ban(const UserContext& caller, std::optional<UserId> user) {
  if (auto denied = refusal(caller)) return *denied;
  if (!user) return missing("userId");
  if (*user == caller.id)
    return Error::bad_request().because(Errc::invalid_argument, "an admin cannot ban themselves");
  if (auto exists = require_user(*user); !exists) return exists.error();
  auto added = admin_.add_ban(*user, caller.id, clock_.now_s());
  if (!added) return Error::storage(added.error().detail);
  // Every token goes (as at logout, S7): the listener closes the sessions on every node. A
  // login racing with this sees the ban after issuing its token and revokes it (UserService).
  if (auto revoked = auth_.revoke_all(*user); !revoked) return revoked.error();
  boost::json::object detail{{"alreadyBanned", !added.value()}};
  if (auto r = record(caller, "user.ban", user_target(*user), detail_of(detail)); !r)
    return r.error();
  return std::string("Successfully banned.");
}

Result<std::string> AdminService::unban(const UserContext& caller, std::optional<UserId> user) {
  if (auto denied = refusal(caller)) return *denied;
  if (!user) return missing("userId");
  auto removed = admin_.remove_ban(*user);
  if (!removed) return Error::storage(removed.error().detail);
  if (!removed.value())
    return Error::not_found("User " + std::to_string(*user) + " is not banned")
        .because(Errc::not_found, "no ban for this user");
  if (auto r = record(caller, "user.unban", user_target(*user), "{}"); !r) return r.error();
  return std::string("Successfully unbanned.");
}

Result<std::string> AdminService::delete_message(const UserContext& caller,
                                                 std::optional<MessageId> id) {
  if (auto denied = refusal(caller)) return *denied;
  if (!id) return missing("id");
  auto deleted = admin_.delete_message(*id);
  if (!deleted) return Error::storage(deleted.error().detail);
  if (!deleted.value())
    return Error::not_found("No message found with id " + std::to_string(*id))
        .because(Errc::not_found, "no such message");
  if (auto r = record(caller, "message.delete", "message:" + std::to_string(*id), "{}"); !r)
    return r.error();
  return std::string("Successfully deleted.");
}

Result<AdminSummary> AdminService::summary(const UserContext& caller) {
  if (auto denied = refusal(caller)) return *denied;
  auto users = admin_.count_users();
  if (!users) return Error::storage(users.error().detail);
  AdminSummary s;
  s.users = users.value();
  const NodeLoad here = hub_.load();
  s.node = here.node;
  s.online_users = here.online_users;
  s.sessions = here.sessions;
  s.messages_per_minute = rate_.sample(clock_.now_ms(), here.messages_stored);
  auto others = hub_.remote_loads(kRemoteTimeout);
  if (!others) {
    s.complete = false;
    return s;
  }
  for (const auto& load : *others) {
    ++s.nodes;
    s.online_users += load.online_users;
    s.sessions += load.sessions;
    if (load.messages_per_minute)
      s.messages_per_minute = s.messages_per_minute.value_or(0) + *load.messages_per_minute;
  }
  return s;
}

Result<std::vector<AuditEntry>> AdminService::audit(const UserContext& caller,
                                                    std::optional<std::int64_t> before,
                                                    std::optional<std::int64_t> limit) {
  if (auto denied = refusal(caller)) return *denied;
  const std::int64_t n = limit.value_or(50);
  if (n < 1 || n > kMaxAuditPage)
    return Error::bad_request().because(Errc::invalid_argument, "limit must be 1..200");
  auto rows = admin_.list_audit(before, n);
  if (!rows) return Error::storage(rows.error().detail);
  return std::move(rows.value());
}

}  // namespace im
