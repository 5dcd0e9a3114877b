// Storage port of the admin API (docs/operations.md "Admin API"): banned users, the audit log,
// deleting a message for everyone and the counts of the dashboard summary. The `Bans` and
// `AuditLog` tables are extensions of docs/contract/data-model.md 2.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "im/result.hpp"
#include "im/types.hpp"

namespace im {

// One row of the audit log: who did what to which target, when.
struct AuditEntry {
  std::int64_t id = 0;  // increasing; set by the store
  UserId actor = 0;
  std::string action;  // e.g. "user.ban"
  std::string target;  // e.g. "user:10001", "message:42"
  std::string detail;  // a JSON object
  Seconds created_at = 0;
};

class AdminStore {
 public:
  virtual ~AdminStore() = default;

  // false: the user was banned already (the first ban's row stays).
  virtual StoreResult<bool> add_ban(UserId user, UserId by, Seconds now) = 0;
  // false: the user was not banned.
  virtual StoreResult<bool> remove_ban(UserId user) = 0;
  virtual StoreResult<bool> is_banned(UserId user) = 0;

  // Deletes message `id` (one-to-one or group) and its pending deliveries, so that history, the
  // offline pull, search and the export no longer return it. false: no such message.
  virtual StoreResult<bool> delete_message(MessageId id) = 0;

  // Appends `entry` (its id and nothing else ignored) and returns the new row's id.
  virtual StoreResult<std::int64_t> append_audit(const AuditEntry& entry) = 0;
  // Newest first: the entries with an id below `before` (all when nullopt), at most `limit`.
  virtual StoreResult<std::vector<AuditEntry>> list_audit(std::optional<std::int64_t> before,
                                                          std::int64_t limit) = 0;

  // How many users exist.
  virtual StoreResult<std::int64_t> count_users() = 0;
};

}  // namespace im
