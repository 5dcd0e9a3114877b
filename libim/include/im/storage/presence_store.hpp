// Storage port: who hides their presence (docs/protocol-extensions.md "Presence"; the
// `PresenceSettings` table, an extension of docs/contract/data-model.md 2) and the friends a
// user's presence concerns.
#pragma once

#include <vector>

#include "im/result.hpp"
#include "im/types.hpp"

namespace im {

// A friend of a user and that friend's own setting.
struct PresenceFriend {
  UserId user_id = 0;
  bool hidden = false;  // the friend hides their presence
};

class PresenceStore {
 public:
  virtual ~PresenceStore() = default;

  // Stores the user's setting (a row per user that ever changed it).
  virtual StoreResult<Done> set_presence_hidden(UserId user, bool hidden) = 0;
  // false for a user without a row.
  virtual StoreResult<bool> presence_hidden(UserId user) = 0;
  // Every friend of `user` (a Friends row in either direction), ascending by id, each with their
  // own setting: one query for a presence lookup or a transition's audience.
  virtual StoreResult<std::vector<PresenceFriend>> presence_friends(UserId user) = 0;
};

}  // namespace im
