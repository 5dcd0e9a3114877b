// Storage port: the group read receipts read back (docs/protocol-extensions.md "Group read
// receipts"), for the counts pushed to the senders. Reads only; `on-message:read` writes them
// through MessageStore.
#pragma once

#include <vector>

#include "im/result.hpp"
#include "im/types.hpp"

namespace im {

// How far one member has read a group (a MessageReads row sender = group, receiver = member).
struct ReadMark {
  UserId reader = 0;
  MessageId last_read = 0;
};

class ReceiptStore {
 public:
  virtual ~ReceiptStore() = default;

  // The read marks of the group's current members (rows of users who left are not counted).
  virtual StoreResult<std::vector<ReadMark>> group_read_marks(GroupId group) = 0;
};

}  // namespace im
