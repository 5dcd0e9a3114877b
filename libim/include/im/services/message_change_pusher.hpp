// What MessageSyncService needs from the realtime layer: announce an edited or recalled message
// to every party's opted-in devices (docs/protocol-extensions.md "Recall and edit"). Implemented
// over the hub; nothing happens where no realtime layer runs.
#pragma once

#include <span>

#include "im/types.hpp"

namespace im {

class MessageChangePusher {
 public:
  virtual ~MessageChangePusher() = default;
  // Returns at once (fire and forget).
  virtual void push_change(const Message& changed, std::span<const UserId> parties) = 0;
};

}  // namespace im
