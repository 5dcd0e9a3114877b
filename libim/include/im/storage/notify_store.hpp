// Storage port: friend-request notifications (docs/contract/data-model.md 2.12).
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "im/result.hpp"
#include "im/types.hpp"

namespace im {

class NotifyStore {
 public:
  virtual ~NotifyStore() = default;

  virtual StoreResult<Done> create_notify(const Notify& notify) = 0;
  virtual StoreResult<std::optional<Notify>> find_notify(std::string_view id) = 0;
  // receiver = user and status = 1, ascending timer, with the sender's current row.
  virtual StoreResult<std::vector<NotifyWithSender>> pending_notifies(UserId receiver) = 0;
  // Account export: every notify `user` sent or received, ascending timer and id.
  virtual StoreResult<std::vector<Notify>> notifies_of_user(UserId user) = 0;
  // Sets `to` only when the current status is one of `from`; true when a row changed.
  virtual StoreResult<bool> advance_notify(std::string_view id, std::span<const NotifyStatus> from,
                                           NotifyStatus to, Seconds now) = 0;
};

}  // namespace im
