#include "im/hub.hpp"

#include <algorithm>
#include <atomic>
#include <future>
#include <mutex>
#include <utility>

#include "ack_deadlines.hpp"
#include "im/codec.hpp"

namespace im {

Hub::Hub(std::chrono::milliseconds ack_timeout)
    : deadlines_(std::make_unique<AckDeadlines>(ack_timeout)) {}

Hub::~Hub() {
  deadlines_->stop();
  if (bus_) bus_->attach(nullptr);
}

void Hub::stop_ack_timer() {
  deadlines_->stop();
}

void Hub::set_bus(std::shared_ptr<Bus> bus) {
  // Pushes on other threads (the writer's batches, I/O threads) read the bus while the host
  // replaces it (set at start, reset when the endpoint goes away): swapped under the lock, used
  // through a copy, so a push in flight keeps the old bus alive until it returns.
  std::shared_ptr<Bus> old;
  {
    std::lock_guard lock(mutex_);
    old = std::exchange(bus_, bus);
  }
  if (old) old->attach(nullptr);
  if (bus) bus->attach(this);
}

std::shared_ptr<Bus> Hub::bus() const {
  std::lock_guard lock(mutex_);
  return bus_;
}

bool Hub::has_bus() const {
  return bus() != nullptr;
}

void Hub::add(const std::shared_ptr<Session>& session) {
  std::lock_guard lock(mutex_);
  auto& list = sessions_[session->user().id];
  list.push_back(session);
  // Under the lock so that joined/left reach the bus in the order they happened.
  if (bus_ && list.size() == 1) bus_->joined(session->user().id);
  if (bus_) bus_->session_opened(session->user().id, session);
}

void Hub::remove(const Session& session) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(session.user().id);
  if (it == sessions_.end()) return;
  auto& list = it->second;
  const auto before = list.size();
  std::erase_if(list, [&](const auto& s) { return s.get() == &session; });
  if (bus_ && list.size() != before) bus_->session_closed(session.user().id, session.describe().id);
  if (list.empty()) {
    sessions_.erase(it);
    if (bus_) bus_->left(session.user().id);
  }
}

bool Hub::online(UserId user) const {
  std::lock_guard lock(mutex_);
  return sessions_.contains(user);
}

std::vector<std::shared_ptr<Session>> Hub::sessions_of(UserId user) const {
  std::lock_guard lock(mutex_);
  return sessions_of_locked(user);
}

std::vector<std::shared_ptr<Session>> Hub::sessions_of_locked(UserId user) const {
  auto it = sessions_.find(user);
  return it == sessions_.end() ? std::vector<std::shared_ptr<Session>>{} : it->second;
}

std::size_t Hub::session_count(UserId user) const {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(user);
  return it == sessions_.end() ? 0 : it->second.size();
}

std::size_t Hub::session_count() const {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const auto& [user, list] : sessions_) n += list.size();
  return n;
}

std::size_t Hub::user_count() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

std::string Hub::node_id() const {
  auto bus = this->bus();
  return bus ? bus->node_id() : std::string("local");
}

std::vector<SessionDescription> Hub::describe_sessions(UserId user) const {
  const std::string node = node_id();
  std::vector<SessionDescription> out;
  for (const auto& session : sessions_of(user)) {
    out.push_back(session->describe());
    out.back().node = node;
  }
  return out;
}

namespace {

// Waits up to `timeout` for the one answer of an asynchronous bus query.
template <class T, class Ask>
std::optional<std::vector<T>> ask_bus(Ask ask, std::chrono::milliseconds timeout) {
  using Answer = std::optional<std::vector<T>>;
  auto answer = std::make_shared<std::promise<Answer>>();
  auto future = answer->get_future();
  ask([answer](Answer value) { answer->set_value(std::move(value)); });
  if (future.wait_for(timeout) != std::future_status::ready) return std::nullopt;
  return future.get();
}

}  // namespace

std::optional<std::vector<SessionDescription>> Hub::describe_remote_sessions(
    UserId user, std::chrono::milliseconds timeout) const {
  auto bus = this->bus();
  if (!bus) return std::vector<SessionDescription>{};
  return ask_bus<SessionDescription>(
      [&](Bus::SessionsCallback done) { bus->remote_sessions(user, std::move(done)); }, timeout);
}

NodeLoad Hub::load() const {
  NodeLoad load;
  load.node = node_id();
  {
    std::lock_guard lock(mutex_);
    load.online_users = static_cast<std::int64_t>(sessions_.size());
    for (const auto& [user, list] : sessions_)
      load.sessions += static_cast<std::int64_t>(list.size());
  }
  load.messages_stored = stats_.messages_stored.load(std::memory_order_relaxed);
  return load;
}

std::optional<std::vector<NodeLoad>> Hub::remote_loads(std::chrono::milliseconds timeout) const {
  auto bus = this->bus();
  if (!bus) return std::vector<NodeLoad>{};
  return ask_bus<NodeLoad>([&](Bus::LoadsCallback done) { bus->remote_loads(std::move(done)); },
                           timeout);
}

bool Hub::close_session(UserId user, const std::string& node, const std::string& id) {
  if (id.empty()) return false;  // sessions without an id cannot be named
  if (node != node_id()) {
    auto bus = this->bus();
    if (!bus) return false;
    bus->close_remote_session(user, node, id);
    return true;
  }
  for (const auto& session : sessions_of(user)) {
    if (session->describe().id == id) {
      session->close();
      return true;
    }
  }
  return false;
}

void Hub::close_session_local(UserId user, const std::string& id) {
  for (const auto& session : sessions_of(user))
    if (session->describe().id == id) session->close();
}

bool Hub::is_success(const AckReply& reply) {
  if (reply.kind != AckReply::Kind::binary) return false;
  auto ack = codec::decode_ack(reply.bytes);
  return ack && ack->status_code == 200;  // an integer comparison (B3)
}

namespace {

// Joins the partial results of one push (one per session, or here and on the other nodes) into
// the per-user result: the first 200 answers at once (the user has it; a silent second device
// must not hold the bookkeeping back for the ack timeout); otherwise, after the last part, 204
// when every part was 204, else 408. `done` runs exactly once.
class ResultJoin {
 public:
  ResultJoin(std::size_t parts, Hub::ResultCallback done)
      : remaining_(parts), done_(std::move(done)) {}

  void report(int status) {
    if (status != push_offline) all_offline_ = false;  // before the count: the last part reads it
    const bool last = remaining_.fetch_sub(1) == 1;
    if (status == push_ok) {
      answer(push_ok);
    } else if (last) {
      answer(all_offline_ ? push_offline : push_failed);
    }
  }

  // The ack timeout passed: the parts still missing count as failed.
  void expire() { answer(push_failed); }

 private:
  void answer(int status) {
    if (answered_.exchange(true)) return;
    // Moved out: the callback's captures (a message, its sender) are freed once it ran, while
    // the ack timer may keep this object's memory until the deadline.
    if (auto done = std::move(done_)) done(status);
  }

  std::atomic<std::size_t> remaining_;
  std::atomic<bool> all_offline_{true};
  std::atomic<bool> answered_{false};
  Hub::ResultCallback done_;
};

// One push to local sessions: each ack is timed for the latency histogram and joined; the
// Hub's ack timer expires what is still missing.
struct PushTally final : AckWaiter {
  ResultJoin join;
  RealtimeStats& stats;
  std::chrono::steady_clock::time_point sent = std::chrono::steady_clock::now();

  PushTally(std::size_t n, Hub::ResultCallback cb, RealtimeStats& s)
      : join(n, std::move(cb)), stats(s) {}
  void report(const AckReply& reply) {
    if (reply.kind == AckReply::Kind::binary || reply.kind == AckReply::Kind::other)
      stats.ack_latency.observe(std::chrono::steady_clock::now() - sent);
    join.report(Hub::is_success(reply) ? push_ok : push_failed);
  }
  void expire() override { join.expire(); }
};

}  // namespace

void Hub::push(UserId user, std::string_view event, SharedBytes bytes, ResultCallback done,
               const Session* except) {
  std::vector<std::shared_ptr<Session>> targets;
  std::shared_ptr<Bus> bus;
  {
    std::lock_guard lock(mutex_);  // one lock per push for both
    targets = sessions_of_locked(user);
    bus = bus_;
  }
  std::erase_if(targets, [&](const auto& s) { return s.get() == except; });
  if (!bus) {
    push_to(std::move(targets), event, bytes, std::move(done));
    return;
  }
  // Several nodes: the user's other devices may be connected elsewhere (issue 4, the Bus), so
  // the other nodes are asked too, whether or not a session is here.
  auto merge = std::make_shared<ResultJoin>(2, std::move(done));
  RealtimeStats::bump(stats_.bus_forwarded);
  bus->forward(user, event, bytes, [this, merge](int status) {
    if (status == push_failed) RealtimeStats::bump(stats_.bus_timeouts);
    merge->report(status);
  });
  push_to(std::move(targets), event, bytes, [merge](int status) { merge->report(status); });
}

void Hub::deliver_local(UserId user, std::string_view event, SharedBytes bytes,
                        ResultCallback done) {
  push_to(sessions_of(user), event, bytes, std::move(done));
}

void Hub::push_to(std::vector<std::shared_ptr<Session>> targets, std::string_view event,
                  const SharedBytes& bytes, ResultCallback done) {
  if (targets.empty()) {
    if (done) done(push_offline);
    return;
  }
  auto tally = std::make_shared<PushTally>(targets.size(), std::move(done), stats_);
  deadlines_->watch(tally);
  for (const auto& session : targets) {
    // Only the tally is captured: the callback stays within std::function's inline storage.
    session->send(event, bytes, [tally](AckReply reply) { tally->report(reply); });
  }
}

void Hub::signal(UserId user, Feature feature, std::string_view event, SharedBytes bytes,
                 const Session* except) {
  if (auto bus = this->bus()) bus->signal(user, feature, event, bytes);
  signal_to(user, feature, event, bytes, except);
}

void Hub::signal_local(UserId user, Feature feature, std::string_view event, SharedBytes bytes) {
  signal_to(user, feature, event, bytes, nullptr);
}

void Hub::signal_to(UserId user, Feature feature, std::string_view event, const SharedBytes& bytes,
                    const Session* except) {
  for (const auto& session : sessions_of(user))
    if (session.get() != except && session->features().has(feature))
      session->send(event, bytes, nullptr);
}

std::size_t Hub::close_sessions(UserId user, const std::optional<std::string>& token) {
  if (auto bus = this->bus()) bus->close_sessions(user, token);  // S7: other nodes' sockets too
  std::size_t n = 0;
  for (const auto& session : sessions_of(user)) {
    if (!token || session->user().token == *token) {
      session->close();
      ++n;
    }
  }
  return n;
}

void Hub::close_local(UserId user, const std::optional<std::string>& token) {
  for (const auto& session : sessions_of(user))
    if (!token || session->user().token == *token) session->close();
}

}  // namespace im
