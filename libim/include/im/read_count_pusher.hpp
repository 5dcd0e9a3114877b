// Group read receipts pushed (docs/protocol-extensions.md "Group read receipts"): when members
// read a group (a stored `on-message:read` with a groupId), the senders of the messages read
// learn how many members have read each of them. Aggregated: the first receipt for a group opens
// a window (500 ms by default); when it closes, the counts are read from the stored receipts once
// (MessageReads, on the workers) and each sender gets one `on-message:read-count` with the counts
// of their messages, through Hub::signal to their sockets that opted in to `receipts`. A hundred
// readers within the window make one push per sender, not a hundred. im::Realtime runs one.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "im/hub.hpp"
#include "im/storage/history_store.hpp"
#include "im/storage/receipt_store.hpp"
#include "im/types.hpp"

namespace im {

template <class Key, class Hash>
class DueSet;
class TimerThread;

// How many members other than its sender have read one message.
struct MessageReadCount {
  MessageId id = 0;
  std::int64_t readers = 0;
  bool operator==(const MessageReadCount&) const = default;
};

class ReadCountPusher {
 public:
  using Executor = std::function<void(std::function<void()>)>;
  using TimePoint = std::chrono::steady_clock::time_point;

  struct Options {
    std::chrono::milliseconds window{500};
    // Counts per push: the group's newest messages up to the highest id read in the window.
    std::int64_t max_messages = 50;
    // Runs the timer itself; false for tests that call run_due() with their own time.
    bool own_timer = true;
  };

  // `workers` runs the storage reads. Everything given must outlive this object.
  ReadCountPusher(ReceiptStore& receipts, HistoryStore& history, Hub& hub, Executor workers,
                  Options options);
  ~ReadCountPusher();  // stops the timer
  ReadCountPusher(const ReadCountPusher&) = delete;
  ReadCountPusher& operator=(const ReadCountPusher&) = delete;

  // A member's receipt for `group` up to `last_read` was stored.
  void read(GroupId group, MessageId last_read, TimePoint now);

  // Hands the groups whose window closed at `now` to the workers; returns when the next closes.
  std::optional<TimePoint> run_due(TimePoint now);

  // The counts per sender of `messages` (newest first, as HistoryStore pages them): a reader
  // counts for every message up to their mark; a sender's own mark does not count for their
  // messages.
  static std::unordered_map<UserId, std::vector<MessageReadCount>> counts_by_sender(
      const std::vector<Message>& messages, const std::vector<ReadMark>& marks);

 private:
  void push_counts(GroupId group, MessageId up_to);

  ReceiptStore& receipts_;
  HistoryStore& history_;
  Hub& hub_;
  Executor workers_;
  Options options_;
  std::mutex mutex_;
  std::unique_ptr<DueSet<GroupId, std::hash<GroupId>>> windows_;  // under mutex_
  std::unordered_map<GroupId, MessageId> highest_read_;           // per open window
  std::unique_ptr<TimerThread> timer_;                            // last: stopped first
};

}  // namespace im
