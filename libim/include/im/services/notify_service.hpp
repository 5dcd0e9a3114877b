// Pending notifications and their forward-only status changes (docs/contract/http-api.md E1-E3,
// B17, S4).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "im/clock.hpp"
#include "im/result.hpp"
#include "im/storage/notify_store.hpp"
#include "im/user_context.hpp"

namespace im {

class NotifyService {
 public:
  NotifyService(NotifyStore& notifies, Clock& clock);

  Result<std::vector<NotifyWithSender>> pending(const UserContext& caller);  // E1
  // E2: 1 -> 2 only. E3: 1 or 2 -> 3 only. Other statuses stay; the reply is still 200.
  Result<std::string> received(const UserContext& caller, const std::optional<std::string>& id);
  Result<std::string> readed(const UserContext& caller, const std::optional<std::string>& id);

 private:
  Result<std::string> advance(const UserContext& caller, const std::optional<std::string>& id,
                              std::vector<NotifyStatus> from, NotifyStatus to);
  NotifyStore& notifies_;
  Clock& clock_;
};

}  // namespace im
