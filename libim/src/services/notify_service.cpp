#include "im/services/notify_service.hpp"

namespace im {

NotifyService::NotifyService(NotifyStore& notifies, Clock& clock)
    : notifies_(notifies), clock_(clock) {}

Result<std::vector<NotifyWithSender>> NotifyService::pending(const UserContext& caller) {
  auto list = notifies_.pending_notifies(caller.id);
  if (!list) return Error::storage(list.error().detail);
  return std::move(list.value());
}

Result<std::string> NotifyService::advance(const UserContext& caller,
                                           const std::optional<std::string>& id,
                                           std::vector<NotifyStatus> from, NotifyStatus to) {
  if (!id)  // as the original: a missing notifyId is a generic 500
    return Error::internal().because(Errc::invalid_argument, "notifyId is missing");
  auto found = notifies_.find_notify(*id);
  if (!found) return Error::storage(found.error().detail);
  // S4: someone else's notify looks exactly like a missing one.
  if (!found.value() || found.value()->receiver != caller.id)
    return Error::not_found("No notify found with id " + *id);
  auto changed = notifies_.advance_notify(*id, from, to, clock_.now_s());
  if (!changed) return Error::storage(changed.error().detail);
  return std::string("Successfully.");
}

Result<std::string> NotifyService::received(const UserContext& caller,
                                            const std::optional<std::string>& id) {
  return advance(caller, id, {NotifyStatus::initial}, NotifyStatus::received);
}

Result<std::string> NotifyService::readed(const UserContext& caller,
                                          const std::optional<std::string>& id) {
  return advance(caller, id, {NotifyStatus::initial, NotifyStatus::received}, NotifyStatus::readed);
}

}  // namespace im
