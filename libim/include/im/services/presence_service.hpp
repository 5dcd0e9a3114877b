// Presence, the part a request asks (docs/protocol-extensions.md "Presence"): which of the
// caller's friends are online, and the caller's own setting that hides their presence. The
// pushed transitions are the realtime layer's (im::PresenceTracker, run by im::Realtime), which
// also answers here who is online: until a realtime layer is attached, everybody is offline.
#pragma once

#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "im/result.hpp"
#include "im/storage/presence_store.hpp"
#include "im/user_context.hpp"

namespace im {

// What the realtime layer tells the service (implemented by im::PresenceTracker).
class PresenceDirectory {
 public:
  virtual ~PresenceDirectory() = default;
  // Whether each user has a session on this node or another one. Blocks briefly at most (a
  // lookup on the bus).
  virtual std::vector<bool> online(const std::vector<UserId>& users) = 0;
  // `user` changed their setting: tell their friends what they see now.
  virtual void visibility_changed(UserId user, bool hidden) = 0;
};

struct PresenceEntry {
  UserId user_id = 0;
  bool online = false;
};

class PresenceService {
 public:
  // Ids per lookup, at most.
  static constexpr std::size_t kMaxIds = 100;

  explicit PresenceService(PresenceStore& store);

  // Whether the caller hides their presence.
  Result<bool> hidden(const UserContext& caller);
  // nullopt: missing or not a boolean (400). Returns the stored value.
  Result<bool> set_hidden(const UserContext& caller, std::optional<bool> hidden);
  // `ids` nullopt: not a list of positive integers (400); 1 to kMaxIds ids. Answers for the
  // caller's friends among them, in the order asked, repeated ids once; others are omitted. A
  // friend who hides their presence is offline.
  Result<std::vector<PresenceEntry>> lookup(const UserContext& caller,
                                            const std::optional<std::vector<UserId>>& ids);

  // The realtime layer attaches itself (nullptr detaches; waits for lookups using the old one).
  void set_directory(PresenceDirectory* directory);

 private:
  PresenceStore& store_;
  std::shared_mutex directory_mutex_;
  PresenceDirectory* directory_ = nullptr;  // under directory_mutex_
};

}  // namespace im
