// What the REST-side services need from the realtime layer: announce a notify to its receiver's
// sockets (docs/contract/realtime.md 6.4). Implemented by the hub; a no-op where no realtime layer
// runs.
#pragma once

#include "im/types.hpp"
#include "im/user_context.hpp"

namespace im {

class NotifyPusher {
 public:
  virtual ~NotifyPusher() = default;
  // Pushes `on-notify` to every socket of `notify.receiver`; `cause` is the profile written as
  // the notify's `sender`. Returns at once; the outcome is handled by the realtime layer.
  virtual void push_notify(const Notify& notify, const UserContext& cause) = 0;
};

}  // namespace im
