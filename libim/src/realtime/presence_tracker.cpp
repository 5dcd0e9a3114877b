#include "im/presence_tracker.hpp"

#include <future>

#include "im/due_set.hpp"
#include "im/extension_frames.hpp"
#include "im/features.hpp"
#include "im/log_format.hpp"
#include "im/timer_thread.hpp"

namespace im {

namespace {
constexpr std::string_view kOnPresence = "on-presence";
}

PresenceTracker::PresenceTracker(Hub& hub, PresenceStore& store, std::shared_ptr<Bus> bus,
                                 Executor workers, Options options)
    : hub_(hub),
      store_(store),
      bus_(std::move(bus)),
      workers_(std::move(workers)),
      options_(options),
      leaving_(std::make_unique<DueSet<UserId, std::hash<UserId>>>()) {
  if (options_.own_timer)
    timer_ = std::make_unique<TimerThread>([this](TimePoint now) { return run_due(now); });
}

PresenceTracker::~PresenceTracker() {
  if (timer_) timer_->stop();
}

void PresenceTracker::connect(const std::shared_ptr<Session>& session) {
  const UserId user = session->user().id;
  {
    std::lock_guard lock(mutex_);
    hub_.add(session);
    if (hub_.session_count(user) != 1) return;  // online here already
    // Back within the debounce: the friends never heard of the offline, so nothing to say.
    if (leaving_->cancel(user)) return;
  }
  workers_([this, user] {
    // Another node holding the user has announced them already.
    if (!held_elsewhere(user)) announce(user, true);
  });
}

void PresenceTracker::disconnect(const Session& session, TimePoint now) {
  const UserId user = session.user().id;
  {
    std::lock_guard lock(mutex_);
    const std::size_t before = hub_.session_count(user);
    hub_.remove(session);
    const std::size_t after = hub_.session_count(user);
    if (after != 0 || before == 0) return;  // others remain, or a stale second disconnect
    leaving_->add(user, now + options_.debounce);
    // The hub told the other nodes the user left; for presence they stay here until the
    // debounce is over, so that a node the user reconnects to meanwhile sees them online and
    // announces nothing (run_due removes the entry).
    if (bus_) bus_->joined(user);
  }
  if (timer_) timer_->wake_by(now + options_.debounce);
}

std::optional<PresenceTracker::TimePoint> PresenceTracker::run_due(TimePoint now) {
  std::vector<UserId> gone;
  std::optional<TimePoint> next;
  {
    std::lock_guard lock(mutex_);
    gone = leaving_->take_due(now);
    next = leaving_->next_due();
    if (bus_)
      for (UserId user : gone) bus_->left(user);  // the debounce is over: not here any more
  }
  for (UserId user : gone) {
    workers_([this, user] {
      // A session that came back here cancelled the offline; one on another node is asked.
      if (hub_.online(user) || held_elsewhere(user)) return;
      announce(user, false);
    });
  }
  return next;
}

bool PresenceTracker::held_elsewhere(UserId user) {
  return held_elsewhere(std::vector<UserId>{user}).front();
}

std::vector<bool> PresenceTracker::held_elsewhere(const std::vector<UserId>& users) {
  if (!bus_) return std::vector<bool>(users.size(), false);
  auto answer = std::make_shared<std::promise<std::vector<bool>>>();
  auto future = answer->get_future();
  bus_->held_elsewhere(users,
                       [answer](std::vector<bool> held) { answer->set_value(std::move(held)); });
  if (future.wait_for(options_.bus_timeout) != std::future_status::ready) {
    log::warn("presence: the bus did not answer a lookup in time");
    return std::vector<bool>(users.size(), false);
  }
  auto held = future.get();
  held.resize(users.size(), false);
  return held;
}

std::vector<bool> PresenceTracker::online(const std::vector<UserId>& users) {
  std::vector<bool> result(users.size(), false);
  std::vector<UserId> ask;  // not here: maybe on another node
  for (std::size_t i = 0; i < users.size(); ++i) {
    result[i] = hub_.online(users[i]);
    if (!result[i]) ask.push_back(users[i]);
  }
  if (ask.empty()) return result;
  auto held = held_elsewhere(ask);
  for (std::size_t i = 0, j = 0; i < users.size(); ++i)
    if (!result[i]) result[i] = held[j++];
  return result;
}

void PresenceTracker::visibility_changed(UserId user, bool hidden) {
  // Only an online user changes what the friends see: hiding looks like leaving, showing like
  // coming online.
  if (!online({user}).front()) return;
  push_to_friends(user, !hidden);
}

void PresenceTracker::announce(UserId user, bool online) {
  auto hidden = store_.presence_hidden(user);
  if (!hidden) {
    log::warn("presence of {} not announced: {}", user, hidden.error().detail);
    return;
  }
  if (*hidden) return;
  push_to_friends(user, online);
}

void PresenceTracker::push_to_friends(UserId user, bool online) {
  auto friends = store_.presence_friends(user);
  if (!friends) {
    log::warn("presence of {} not announced: {}", user, friends.error().detail);
    return;
  }
  if (friends->empty()) return;
  auto bytes = std::make_shared<const std::string>(ext::encode_presence(user, online));
  for (const auto& f : *friends) hub_.signal(f.user_id, Feature::presence, kOnPresence, bytes);
}

}  // namespace im
