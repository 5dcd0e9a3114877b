// The cross-node port (design.md "ports"): several hosts sharing one database deliver pushes to
// users connected to another node. The Hub offers it every push, for the user's devices on
// other nodes; the embedded default runs without one, so a single node never pays for it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "im/features.hpp"
#include "im/session.hpp"
#include "im/types.hpp"

namespace im {

// One node's figures for the admin summary (docs/operations.md "Admin API").
struct NodeLoad {
  std::string node;
  std::int64_t online_users = 0;  // users with a session on the node
  std::int64_t sessions = 0;
  std::uint64_t messages_stored = 0;          // RealtimeStats::messages_stored (a running total)
  std::optional<double> messages_per_minute;  // in a report from the bus: the node's own rate
};

// What a node does with traffic addressed to it; implemented by the Hub.
class BusReceiver {
 public:
  using ResultCallback = std::function<void(int status)>;
  virtual ~BusReceiver() = default;
  // Push to the local sessions of `user` only (never forwarded again); `done` gets 200/204/408.
  virtual void deliver_local(UserId user, std::string_view event, SharedBytes bytes,
                             ResultCallback done) = 0;
  // S7 on this node: close local sessions of `user` (of `token`, or all when nullopt).
  virtual void close_local(UserId user, const std::optional<std::string>& token) = 0;
  // An extension event for the local sessions of `user` that opted in to `feature`; no ack.
  virtual void signal_local(UserId user, Feature feature, std::string_view event,
                            SharedBytes bytes) = 0;
  // Admin API: close the local session of `user` whose description has `id` (if any).
  virtual void close_session_local(UserId /*user*/, const std::string& /*id*/) {}
  // Admin API: this node's figures, which the bus reports to the other nodes. Any thread.
  virtual NodeLoad load() const { return {}; }
};

class Bus {
 public:
  using ResultCallback = BusReceiver::ResultCallback;
  virtual ~Bus() = default;

  // This process' node id (unique among the nodes sharing the bus).
  virtual const std::string& node_id() const = 0;
  // Where incoming traffic goes; nullptr detaches (before the receiver dies).
  virtual void attach(BusReceiver* receiver) = 0;

  // Presence: `user` got its first / lost its last session on this node.
  virtual void joined(UserId user) = 0;
  virtual void left(UserId user) = 0;

  // Delivers to `user` on the other nodes that hold their sessions. `done` is called exactly
  // once, on any thread: 200 when a node's session acked, 204 when no node holds the user,
  // 408 otherwise (including a node that did not answer in time). Never blocks.
  virtual void forward(UserId user, std::string_view event, SharedBytes bytes,
                       ResultCallback done) = 0;
  // S7 on every other node.
  virtual void close_sessions(UserId user, const std::optional<std::string>& token) = 0;
  // An extension event (Hub::signal) for the sessions of `user` on the other nodes; fire and
  // forget, never blocks. The default has no other node to tell.
  virtual void signal(UserId /*user*/, Feature /*feature*/, std::string_view /*event*/,
                      SharedBytes /*bytes*/) {}

  // Presence across nodes (docs/protocol-extensions.md "Presence"): `done` gets, for each of
  // `users`, whether another node holds a session of theirs; called exactly once, on any
  // thread, never inside this call's caller lock. When the answer is unknown (the bus cannot
  // reach its store) a user counts as not held. Default: one node, nobody elsewhere.
  using HeldCallback = std::function<void(std::vector<bool> held)>;
  virtual void held_elsewhere(std::vector<UserId> users, HeldCallback done) {
    done(std::vector<bool>(users.size(), false));
  }
  // The admin API's view of live sessions (docs/operations.md "Admin API"). The Hub reports each
  // session of this node as it opens and closes (only when a bus is set); the bus keeps their
  // descriptions (Session::describe(), read again when it refreshes them, so that a transport
  // upgrade shows) where the other nodes can read them. The defaults suit one node: nothing to
  // share, no other node to ask.
  virtual void session_opened(UserId /*user*/, const std::shared_ptr<Session>& /*session*/) {}
  virtual void session_closed(UserId /*user*/, const std::string& /*id*/) {}
  // The descriptions of `user`'s sessions on the other live nodes; nullopt when they could not
  // be read. `done` runs exactly once, on any thread. Never blocks.
  using SessionsCallback =
      std::function<void(std::optional<std::vector<SessionDescription>> sessions)>;
  virtual void remote_sessions(UserId /*user*/, SessionsCallback done) {
    done(std::vector<SessionDescription>{});
  }
  // The figures the other live nodes last reported (every 15 s with Redis); nullopt when they
  // could not be read. `done` runs exactly once, on any thread. Never blocks.
  using LoadsCallback = std::function<void(std::optional<std::vector<NodeLoad>> loads)>;
  virtual void remote_loads(LoadsCallback done) { done(std::vector<NodeLoad>{}); }
  // Asks node `node` to close the session of `user` whose description has `id`.
  virtual void close_remote_session(UserId /*user*/, const std::string& /*node*/,
                                    const std::string& /*id*/) {}
};

// The embedded default: one node, nobody else to ask (every forward answers 204).
std::shared_ptr<Bus> make_local_bus();

}  // namespace im
