// Multi-device sync, recall and edit (docs/protocol-extensions.md "Multi-device sync", "Recall and
// edit"): the caller's sync stream after a seq, paged; recalling a message (its sender within the
// recall window, or the creator of its group at any time) and editing a text message (its
// sender). Each change is stored with the next seq and announced to every party's devices that
// opted in to "edit".
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "im/clock.hpp"
#include "im/result.hpp"
#include "im/services/message_change_pusher.hpp"
#include "im/storage/group_store.hpp"
#include "im/storage/sync_store.hpp"
#include "im/user_context.hpp"

namespace im {

class MessageSyncService {
 public:
  static constexpr std::int64_t kDefaultLimit = 100;
  static constexpr std::int64_t kMaxLimit = 500;
  static constexpr std::size_t kMaxContentChars = 5000;

  MessageSyncService(SyncStore& sync, GroupStore& groups, Clock& clock,
                     std::chrono::seconds recall_window);

  // 400 for a negative `after` or a limit outside 1..kMaxLimit.
  Result<std::vector<Message>> changes(const UserContext& caller, std::int64_t after,
                                       std::int64_t limit);
  // 404 for a message the caller is not a party of (or no such message); 403 when the caller
  // is neither its sender within the window nor its group's creator. Recalling a recalled
  // message answers it unchanged.
  Result<Message> recall(const UserContext& caller, MessageId id);
  // 404 as for recall; 403 for another user's message; 400 for a message that is not text, was
  // recalled, or new content that is empty, longer than kMaxContentChars or not UTF-8.
  Result<Message> edit(const UserContext& caller, MessageId id, const std::string& content);

  // The realtime layer attaches itself (nullptr detaches).
  void set_pusher(MessageChangePusher* pusher) { pusher_.store(pusher); }

 private:
  // The message when the caller is one of its parties.
  Result<Message> visible_message(const UserContext& caller, MessageId id);
  Result<Message> announce(StoreResult<std::optional<Message>> changed);

  SyncStore& sync_;
  GroupStore& groups_;
  Clock& clock_;
  std::chrono::seconds recall_window_;
  std::atomic<MessageChangePusher*> pusher_{nullptr};
};

}  // namespace im
