// Presence transitions (docs/protocol-extensions.md "Presence"): a user is online while they
// have a session on any node. The first session here announces `online` to the user's friends
// unless another node holds the user already; when the last session here leaves, `offline` waits
// for the debounce and is announced only if no session came back, here or on another node (a
// reconnect does not flap). Pushed as `on-presence` with Hub::signal to the friends' sockets
// that opted in to `presence`; a user who hides their presence announces nothing. It also
// answers PresenceService's lookups. im::Realtime runs one; the transport's connect and
// disconnect go through it. With a bus, a node keeps announcing a user it holds (Bus::joined)
// until their debounce is over, so a reconnect to another node meanwhile is no transition either.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "im/bus.hpp"
#include "im/hub.hpp"
#include "im/services/presence_service.hpp"
#include "im/session.hpp"
#include "im/storage/presence_store.hpp"

namespace im {

template <class Key, class Hash>
class DueSet;
class TimerThread;

class PresenceTracker final : public PresenceDirectory {
 public:
  using Executor = std::function<void(std::function<void()>)>;
  using TimePoint = std::chrono::steady_clock::time_point;

  struct Options {
    // How long a user without sessions stays online (a reconnect within it changes nothing).
    std::chrono::milliseconds debounce{3000};
    // How long a lookup on the bus may take before the user counts as not held there.
    std::chrono::milliseconds bus_timeout{2000};
    // Runs the timer itself; false for tests that call run_due() with their own time.
    bool own_timer = true;
  };

  // `workers` runs the storage reads and the bus lookups (they block briefly); `bus` is the
  // hub's (null: one node). Everything given must outlive this object.
  PresenceTracker(Hub& hub, PresenceStore& store, std::shared_ptr<Bus> bus, Executor workers,
                  Options options);
  ~PresenceTracker() override;  // stops the timer
  PresenceTracker(const PresenceTracker&) = delete;
  PresenceTracker& operator=(const PresenceTracker&) = delete;

  // The transport's connect and disconnect: the hub's add and remove, and the transitions.
  void connect(const std::shared_ptr<Session>& session);
  void disconnect(const Session& session, TimePoint now);

  // The debounce: announces the offline transitions due at `now`; returns when the next falls
  // due. The timer calls it; tests call it with their own time (Options::own_timer false).
  std::optional<TimePoint> run_due(TimePoint now);

  // PresenceDirectory (for PresenceService, on a worker thread).
  std::vector<bool> online(const std::vector<UserId>& users) override;
  void visibility_changed(UserId user, bool hidden) override;

 private:
  // Whether another node holds the user(s); blocks up to Options::bus_timeout.
  bool held_elsewhere(UserId user);
  std::vector<bool> held_elsewhere(const std::vector<UserId>& users);
  // Tells the friends of `user` (who does not hide presence) that they are online or offline.
  void announce(UserId user, bool online);
  void push_to_friends(UserId user, bool online);

  Hub& hub_;
  PresenceStore& store_;
  std::shared_ptr<Bus> bus_;
  Executor workers_;
  Options options_;
  std::mutex mutex_;  // a session's hub change and its transition decision, together
  std::unique_ptr<DueSet<UserId, std::hash<UserId>>>
      leaving_;                         // last session gone here, offline pending
  std::unique_ptr<TimerThread> timer_;  // last: stopped before the rest goes
};

}  // namespace im
