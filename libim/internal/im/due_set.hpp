// Keys that fall due at a time point: the presence debounce (a user's offline waits, a reconnect
// cancels it) and the coalescing of group read counts (the first receipt starts the window, the
// later ones join it). Pure data, no thread and no clock of its own: the caller passes the time,
// so the logic is tested with made-up time points. Not thread-safe; the owner locks.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <unordered_map>
#include <vector>

namespace im {

template <class Key, class Hash = std::hash<Key>>
class DueSet {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  // Adds `key`, due at `due`; a key already pending keeps its earlier time (that is what makes
  // a window: later additions join it). True when it was added.
  bool add(const Key& key, TimePoint due) {
    if (index_.contains(key)) return false;
    index_.emplace(key, by_due_.emplace(due, key));
    return true;
  }

  // Removes a pending key; true when it was pending.
  bool cancel(const Key& key) {
    auto it = index_.find(key);
    if (it == index_.end()) return false;
    by_due_.erase(it->second);
    index_.erase(it);
    return true;
  }

  bool contains(const Key& key) const { return index_.contains(key); }
  bool empty() const { return index_.empty(); }
  std::size_t size() const { return index_.size(); }

  // Removes and returns the keys due at or before `now`, earliest first.
  std::vector<Key> take_due(TimePoint now) {
    std::vector<Key> due;
    while (!by_due_.empty() && by_due_.begin()->first <= now) {
      due.push_back(by_due_.begin()->second);
      index_.erase(by_due_.begin()->second);
      by_due_.erase(by_due_.begin());
    }
    return due;
  }

  // When the earliest pending key falls due.
  std::optional<TimePoint> next_due() const {
    if (by_due_.empty()) return std::nullopt;
    return by_due_.begin()->first;
  }

 private:
  using ByDue = std::multimap<TimePoint, Key>;
  ByDue by_due_;
  std::unordered_map<Key, typename ByDue::iterator, Hash> index_;
};

}  // namespace im
