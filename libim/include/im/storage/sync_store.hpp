// Storage port: the multi-device sync stream and the changes that move a message along it
// (docs/protocol-extensions.md "Multi-device sync", "Recall and edit").
//
// Every stored change of a message (its append, an edit, a recall) takes the next value of one
// sync clock in the same transaction, and the clock's row stays locked until that transaction
// commits. So the changes commit in clock order, even with several nodes writing: a reader that
// sees seq 11 has seq 10 in the same snapshot, and paging with `after` = the last seq read neither
// skips nor repeats a change. MessageStore::append_messages takes one clock range per batch (no
// extra round trip per message).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "im/result.hpp"
#include "im/types.hpp"

namespace im {

class SyncStore {
 public:
  virtual ~SyncStore() = default;

  // What `user` sent or received (one-to-one to or from the user, and the messages of the groups
  // the user is a member of now) whose latest change has a seq above `after`, in seq order, at
  // most `limit`, each in its final state.
  virtual StoreResult<std::vector<Message>> changes_after(UserId user, std::int64_t after,
                                                          std::int64_t limit) = 0;
  virtual StoreResult<std::optional<Message>> find_message(MessageId id) = 0;
  // Replaces the content of a message that is not recalled, marks it edited and moves it to the
  // next seq; nullopt when there is no such message or it was recalled.
  virtual StoreResult<std::optional<Message>> edit_message(MessageId id, const std::string& content,
                                                           Seconds now) = 0;
  // Removes the content and ext of a message, marks it recalled and moves it to the next seq;
  // nullopt when there is no such message. Recalling twice changes nothing more (the seq stays).
  virtual StoreResult<std::optional<Message>> recall_message(MessageId id, Seconds now) = 0;
};

}  // namespace im
