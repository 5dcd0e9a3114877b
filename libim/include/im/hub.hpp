// Presence and the push primitive (docs/contract/realtime.md 4 and 6.1): integer user id -> that
// user's sessions (several devices), per-user delivery results from the sessions' acks.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "im/bus.hpp"
#include "im/features.hpp"
#include "im/realtime_stats.hpp"
#include "im/session.hpp"
#include "im/types.hpp"

namespace im {

// Per-user results of a push (docs/contract/realtime.md 6.1).
enum PushStatus : int { push_ok = 200, push_offline = 204, push_failed = 408 };

class AckDeadlines;

class Hub final : public BusReceiver {
 public:
  // `ack_timeout`: how long a push waits for a session's ack before that session counts as
  // failed (408). The Hub runs this timer itself (on a thread of its own, started by the first
  // push to a session); a Session only delivers the ack when one comes.
  explicit Hub(std::chrono::milliseconds ack_timeout = std::chrono::milliseconds{6000});
  ~Hub() override;

  // Stops the ack timer (joins its thread): pushes after it wait for their acks without a
  // deadline. Part of an orderly teardown, before whatever the push callbacks reach goes away
  // (im::Realtime does it). Idempotent.
  void stop_ack_timer();

  // Several nodes: every push is also offered to the other nodes over `bus` (a user's devices
  // may be connected to different nodes), presence is announced on it, and its incoming
  // traffic is delivered here. Set once, before sessions arrive.
  void set_bus(std::shared_ptr<Bus> bus);
  // True when other nodes may share the database and the users (a bus is set).
  bool has_bus() const;

  // Joins presence after a successful CONNECT.
  void add(const std::shared_ptr<Session>& session);
  // Leaves presence: removes exactly this session, never another one of the same user (B18).
  void remove(const Session& session);

  bool online(UserId user) const;
  std::vector<std::shared_ptr<Session>> sessions_of(UserId user) const;
  std::size_t session_count() const;
  // Sessions of one user on this node.
  std::size_t session_count(UserId user) const;
  std::size_t user_count() const;
  RealtimeStats& stats() { return stats_; }
  // This node's id (the bus's; "local" without one).
  std::string node_id() const;
  // The descriptions of `user`'s sessions on this node (admin API).
  std::vector<SessionDescription> describe_sessions(UserId user) const;
  // The descriptions of `user`'s sessions on the other nodes (the bus's; none without one);
  // nullopt when they could not be read. Blocks up to `timeout`: call it on a worker thread.
  std::optional<std::vector<SessionDescription>> describe_remote_sessions(
      UserId user, std::chrono::milliseconds timeout) const;
  // This node's figures (NodeLoad without a rate).
  NodeLoad load() const override;
  // The other live nodes' figures (the bus's; none without one); nullopt when they could not be
  // read. Blocks up to `timeout`: call it on a worker thread.
  std::optional<std::vector<NodeLoad>> remote_loads(std::chrono::milliseconds timeout) const;
  // Closes the session `id` of `user` on node `node` (this one or another, through the bus).
  // Returns false when `node` is this node and none of its sessions has that id; a session on
  // another node is asked to close and counts as found.
  bool close_session(UserId user, const std::string& node, const std::string& id);

  using ResultCallback = std::function<void(int status)>;

  // Emits `event` with `bytes` on every session of `user` except `except` and reports the
  // per-user result once: 200 if any session acked a decodable AckMessage{statusCode 200},
  // 204 when there was no session to send to, 408 otherwise (at the latest after the ack
  // timeout). `done` may be empty. With a bus
  // set, the sessions on other nodes count too (the first 200 from anywhere answers).
  void push(UserId user, std::string_view event, SharedBytes bytes, ResultCallback done,
            const Session* except = nullptr);

  // An extension event (docs/protocol-extensions.md): emits `event` with `bytes` and no ack
  // request on every session of `user` that opted in to `feature`, except `except`, here and
  // on the other nodes. Fire and forget; sessions without the feature never see it.
  void signal(UserId user, Feature feature, std::string_view event, SharedBytes bytes,
              const Session* except = nullptr);

  // S7: closes the sessions of `user` that authenticated with `token` (every session when
  // nullopt), here and on the other nodes. Returns how many were closed here.
  std::size_t close_sessions(UserId user, const std::optional<std::string>& token);

  // BusReceiver: traffic from another node, for local sessions only.
  void deliver_local(UserId user, std::string_view event, SharedBytes bytes,
                     ResultCallback done) override;
  void close_local(UserId user, const std::optional<std::string>& token) override;
  void signal_local(UserId user, Feature feature, std::string_view event,
                    SharedBytes bytes) override;
  void close_session_local(UserId user, const std::string& id) override;

  // True when `reply` is a binary, decodable AckMessage with statusCode 200 (B3, B25).
  static bool is_success(const AckReply& reply);

 private:
  std::shared_ptr<Bus> bus() const;
  std::vector<std::shared_ptr<Session>> sessions_of_locked(UserId user) const;  // mutex_ held
  void signal_to(UserId user, Feature feature, std::string_view event, const SharedBytes& bytes,
                 const Session* except);
  void push_to(std::vector<std::shared_ptr<Session>> targets, std::string_view event,
               const SharedBytes& bytes, ResultCallback done);

  std::shared_ptr<Bus> bus_;  // under mutex_
  RealtimeStats stats_;
  mutable std::mutex mutex_;
  std::unordered_map<UserId, std::vector<std::shared_ptr<Session>>> sessions_;
  std::unique_ptr<AckDeadlines> deadlines_;  // last: its thread ends before the rest goes away
};

}  // namespace im
