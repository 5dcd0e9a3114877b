#include "im/services/presence_service.hpp"

#include <algorithm>
#include <mutex>
#include <unordered_map>

#include "im/log_format.hpp"

namespace im {

PresenceService::PresenceService(PresenceStore& store) : store_(store) {}

Result<bool> PresenceService::hidden(const UserContext& caller) {
  auto hidden = store_.presence_hidden(caller.id);
  if (!hidden) return Error::storage(hidden.error().detail);
  return *hidden;
}

Result<bool> PresenceService::set_hidden(const UserContext& caller, std::optional<bool> hidden) {
  if (!hidden)
    return Error::bad_request().because(Errc::invalid_argument, "hidden is missing or no boolean");
  auto before = store_.presence_hidden(caller.id);
  if (!before) return Error::storage(before.error().detail);
  if (auto stored = store_.set_presence_hidden(caller.id, *hidden); !stored) {
    log::error("presence setting of {} not stored: {}", caller.id, stored.error().detail);
    return Error::storage(stored.error().detail);
  }
  if (*before != *hidden) {
    std::shared_lock lock(directory_mutex_);
    if (directory_) directory_->visibility_changed(caller.id, *hidden);
  }
  return *hidden;
}

Result<std::vector<PresenceEntry>> PresenceService::lookup(
    const UserContext& caller, const std::optional<std::vector<UserId>>& ids) {
  if (!ids || ids->empty() || ids->size() > kMaxIds ||
      std::any_of(ids->begin(), ids->end(), [](UserId id) { return id < 1; }))
    return Error::bad_request().because(Errc::invalid_argument, "ids: 1 to 100 positive integers");
  auto friends = store_.presence_friends(caller.id);
  if (!friends) return Error::storage(friends.error().detail);
  std::unordered_map<UserId, bool> hidden_of;  // the caller's friends
  for (const auto& f : *friends) hidden_of.emplace(f.user_id, f.hidden);

  std::vector<PresenceEntry> entries;
  std::vector<UserId> shown;  // friends who show their presence: ask who is online
  for (UserId id : *ids) {
    auto it = hidden_of.find(id);
    if (it == hidden_of.end()) continue;
    if (std::any_of(entries.begin(), entries.end(), [&](const auto& e) { return e.user_id == id; }))
      continue;
    entries.push_back({id, false});
    if (!it->second) shown.push_back(id);
  }
  if (shown.empty()) return entries;
  std::vector<bool> online;
  {
    std::shared_lock lock(directory_mutex_);
    if (directory_) online = directory_->online(shown);
  }
  for (std::size_t i = 0; i < shown.size() && i < online.size(); ++i) {
    if (!online[i]) continue;
    for (auto& e : entries)
      if (e.user_id == shown[i]) e.online = true;
  }
  return entries;
}

void PresenceService::set_directory(PresenceDirectory* directory) {
  std::unique_lock lock(directory_mutex_);
  directory_ = directory;
}

}  // namespace im
