// Offline message sync (docs/contract/http-api.md E4, E5; docs/contract/realtime.md 8.3): what a
// client that was offline fetches and then confirms. Used by the host's HTTP handlers and by
// embedders alike. The realtime layer's message writer may hold delivery outcomes back for a
// batch; every read and confirmation here stores those first (flush), so that they count.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>

#include "im/clock.hpp"
#include "im/result.hpp"
#include "im/storage/message_store.hpp"
#include "im/user_context.hpp"

namespace im {

// A page of E4: `number` counts from 1; `size` is clamped to 1000 (J14).
struct SyncPage {
  std::int64_t number = 1;
  std::int64_t size = 100;
};

class OfflineSyncService {
 public:
  OfflineSyncService(MessageStore& messages, Clock& clock);

  // E4: messages with id > lastAck for the caller's one-to-one chats and groups, newest first.
  // A page number below 1 or a negative size is the original's 500.
  Result<MessagePage> pending(const UserContext& caller, SyncPage page);
  // E5: lastAck = up_to (left alone when nullopt), lastAckErr cleared; the earlier delivery
  // outcomes are stored first (docs/contract/realtime.md 8.2 order).
  Result<void> received(const UserContext& caller, std::optional<MessageId> up_to);

  // Blocks until every message and delivery outcome queued so far by the realtime layer is
  // stored (nothing to wait for without one). Not from the message writer's own thread.
  void flush();
  // Set by whoever runs the realtime layer (MessageService::flush); nullptr when it stops.
  void set_flusher(std::function<void()> flusher);

 private:
  MessageStore& messages_;
  Clock& clock_;
  std::mutex flusher_mutex_;
  std::function<void()> flusher_;
};

}  // namespace im
