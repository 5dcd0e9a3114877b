// Typing indicators (docs/protocol-extensions.md "Typing"): a socket that opted in to `typing`
// emits `on-typing` with Typing{to} (a friend) or Typing{groupId} (a group of the sender's); the
// other party's sockets that opted in get `on-typing` with the sender filled in, on any node
// (Hub::signal). Never stored, never acked. Dropped silently: over the per-socket rate, to a
// non-friend (when friendship is required, J19), to a user who blocked the sender (the Blocks
// table or S8: the same as a non-friend, so the sender learns nothing more), to a group the
// sender is not a member of. The checks read storage on the workers; friendship and membership
// once per target and socket every `admit_for` at most (a user typing to the same peer or group
// reuses the last answer), the block on every one-to-one indicator, so that it applies at once.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "im/hub.hpp"
#include "im/session.hpp"
#include "im/storage/block_store.hpp"
#include "im/storage/friend_store.hpp"
#include "im/storage/group_store.hpp"

namespace im {

class TypingService {
 public:
  using Executor = std::function<void(std::function<void()>)>;
  using TimePoint = std::chrono::steady_clock::time_point;

  struct Stores {
    FriendStore& friends;
    BlockStore& blocks;
    GroupStore& groups;
  };
  struct Options {
    // Per socket: a sustained rate and a burst; the excess is dropped.
    double per_second = 4;
    double burst = 4;
    // How long an admitted target (a peer, or a group and its members) is reused.
    std::chrono::milliseconds admit_for{5000};
    bool require_friendship = true;  // EngineConfig::require_friendship (J19)
  };

  // Everything given must outlive this object.
  TypingService(Stores stores, Hub& hub, Executor workers, Options options);

  // false when `bytes` are not a Typing (the transport sends `exception`); otherwise the
  // indicator is forwarded or dropped.
  bool on_typing(const std::shared_ptr<Session>& from, std::string_view bytes, TimePoint now);
  // The socket is gone: its rate and admitted target are forgotten.
  void forget(const Session& session);

 private:
  struct Target {
    bool group = false;
    std::int64_t id = 0;
    bool operator==(const Target&) const = default;
  };
  struct SocketState {
    TimePoint next_free{};  // the rate: theoretical arrival time of the next indicator
    Target admitted{};
    TimePoint admitted_until{};
    std::vector<UserId> audience;  // of the admitted target
  };

  // Friendship or membership from storage (a worker): the target's audience, or nothing when
  // refused.
  std::optional<std::vector<UserId>> admit(UserId sender, const Target& target);
  void deliver(UserId sender, const Target& target, const std::vector<UserId>& audience);

  Stores stores_;
  Hub& hub_;
  Executor workers_;
  Options options_;
  std::mutex mutex_;
  std::unordered_map<const Session*, SocketState> sockets_;  // under mutex_
};

}  // namespace im
