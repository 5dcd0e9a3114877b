#include "im/services/offline_sync_service.hpp"

#include <algorithm>
#include <cstdint>

#include "im/log_format.hpp"

namespace im {

OfflineSyncService::OfflineSyncService(MessageStore& messages, Clock& clock)
    : messages_(messages), clock_(clock) {}

Result<MessagePage> OfflineSyncService::pending(const UserContext& caller, SyncPage page) {
  if (page.number < 1 || page.size < 0)  // the original's 500
    return Error::internal().because(Errc::invalid_argument, "page below 1 or negative size");
  const std::int64_t limit = std::min<std::int64_t>(page.size, 1000);  // J14
  // (number-1)*limit cannot overflow for any page a client reaches; clamp to be safe.
  const std::int64_t offset = page.number - 1 > INT64_MAX / std::max<std::int64_t>(limit, 1)
                                  ? INT64_MAX
                                  : (page.number - 1) * limit;
  flush();  // outcomes the writer holds back count too
  auto result = messages_.pending_messages(caller.id, offset, limit);
  if (!result) {
    log::error("pending messages of {} not read: {}", caller.id, result.error().detail);
    return Error::storage(result.error().detail);
  }
  return std::move(result).value();
}

Result<void> OfflineSyncService::received(const UserContext& caller,
                                          std::optional<MessageId> up_to) {
  flush();  // earlier outcomes first, then the mark (docs/contract/realtime.md 8.2 order)
  if (auto r = messages_.mark_received(caller.id, up_to, clock_.now_s()); !r) {
    log::error("received mark of {} not stored: {}", caller.id, r.error().detail);
    return Error::storage(r.error().detail);
  }
  return {};
}

void OfflineSyncService::flush() {
  std::function<void()> flusher;
  {
    std::lock_guard lock(flusher_mutex_);
    flusher = flusher_;
  }
  if (flusher) flusher();
}

void OfflineSyncService::set_flusher(std::function<void()> flusher) {
  std::lock_guard lock(flusher_mutex_);
  flusher_ = std::move(flusher);
}

}  // namespace im
