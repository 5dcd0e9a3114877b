// Storage port: a user's stored conversations read back, newest first (docs/protocol-extensions.md
// "History and conversations", "Search"). Reads only; the messages are written through
// MessageStore.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <vector>

#include "im/result.hpp"
#include "im/types.hpp"

namespace im {

// One page of a conversation: ids below `before` (all when nullopt), newest first, at most
// `limit` rows. Paging with `before` = the last id of the previous page neither skips nor repeats
// a message, because ids are unique and only grow (docs/contract/data-model.md 1.4).
struct HistoryPage {
  std::optional<MessageId> before;
  std::int64_t limit = 50;

  // The bound the queries use: ids strictly below it.
  MessageId below() const { return before.value_or(std::numeric_limits<MessageId>::max()); }
};

// One row of the conversation list: a peer (one-to-one) or a group, its newest message and how
// many messages from others came after the user's last read receipt.
struct Conversation {
  std::optional<UserId> peer;    // set for a one-to-one conversation
  std::optional<GroupId> group;  // set for a group
  Message last;
  std::int64_t unread = 0;
};

class HistoryStore {
 public:
  virtual ~HistoryStore() = default;

  // One-to-one messages between `user` and `peer`, both directions.
  virtual StoreResult<std::vector<Message>> peer_history(UserId user, UserId peer,
                                                         const HistoryPage& page) = 0;
  // Messages of the group (the caller checks membership).
  virtual StoreResult<std::vector<Message>> group_history(GroupId group,
                                                          const HistoryPage& page) = 0;
  // Every peer the user exchanged one-to-one messages with and every group of the user that has
  // messages, newest last message first. Unread: one-to-one, the peer's messages after the
  // user's receipt to that peer (MessageReads sender = user, receiver = peer); group, the others'
  // messages after the user's group receipt (MessageReads sender = group, receiver = user).
  virtual StoreResult<std::vector<Conversation>> conversations(UserId user) = 0;
  // Text messages of the user's conversations (one-to-one to or from the user, and the groups
  // the user is a member of now) whose content contains `text`, case-insensitively for ASCII
  // letters; newest first. `text` is at least one character; how it is matched (an index or a
  // scan of the user's messages) is the adapter's choice.
  virtual StoreResult<std::vector<Message>> search_messages(UserId user, std::string_view text,
                                                            const HistoryPage& page) = 0;
};

}  // namespace im
