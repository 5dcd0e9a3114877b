#include "im/hub.hpp"

#include <algorithm>
#include <atomic>

#include "im/codec.hpp"

namespace im {

Hub::Hub(std::chrono::milliseconds ack_timeout) : ack_timeout_(ack_timeout) {}

void Hub::add(const std::shared_ptr<Session>& session) {
  std::lock_guard lock(mutex_);
  sessions_[session->user().id].push_back(session);
}

void Hub::remove(const Session& session) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(session.user().id);
  if (it == sessions_.end()) return;
  auto& list = it->second;
  std::erase_if(list, [&](const auto& s) { return s.get() == &session; });
  if (list.empty()) sessions_.erase(it);
}

bool Hub::online(UserId user) const {
  std::lock_guard lock(mutex_);
  return sessions_.contains(user);
}

std::vector<std::shared_ptr<Session>> Hub::sessions_of(UserId user) const {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(user);
  return it == sessions_.end() ? std::vector<std::shared_ptr<Session>>{} : it->second;
}

std::size_t Hub::session_count() const {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const auto& [user, list] : sessions_) n += list.size();
  return n;
}

bool Hub::is_success(const AckReply& reply) {
  if (reply.kind != AckReply::Kind::binary) return false;
  auto ack = codec::decode_ack(reply.bytes);
  return ack && ack->status_code == 200;  // an integer comparison (B3)
}

namespace {

// Collects the per-session outcomes of one push into the per-user result.
struct PushTally {
  std::atomic<std::size_t> remaining;
  std::atomic<bool> any_success{false};
  Hub::ResultCallback done;

  PushTally(std::size_t n, Hub::ResultCallback cb) : remaining(n), done(std::move(cb)) {}
  void report(bool success) {
    if (success) any_success = true;
    if (remaining.fetch_sub(1) == 1 && done) done(any_success ? push_ok : push_failed);
  }
};

}  // namespace

void Hub::push(UserId user, std::string_view event, SharedBytes bytes, ResultCallback done,
               const Session* except) {
  auto targets = sessions_of(user);
  std::erase_if(targets, [&](const auto& s) { return s.get() == except; });
  if (targets.empty()) {
    if (done) done(push_offline);
    return;
  }
  auto tally = std::make_shared<PushTally>(targets.size(), std::move(done));
  for (const auto& session : targets) {
    session->send(
        event, bytes, [tally](AckReply reply) { tally->report(is_success(reply)); }, ack_timeout_);
  }
}

std::size_t Hub::close_sessions(UserId user, const std::optional<std::string>& token) {
  std::size_t n = 0;
  for (const auto& session : sessions_of(user)) {
    if (!token || session->user().token == *token) {
      session->close();
      ++n;
    }
  }
  return n;
}

}  // namespace im
