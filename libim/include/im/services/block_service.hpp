// Blocking (docs/protocol-extensions.md "Blocking"): a user blocks and unblocks other users and
// reads the list. The effects live where the blocked traffic is checked: MessageService refuses
// a blocked sender's one-to-one messages (BlockStore::refuses, the same 403 ack as S8 and J19),
// FriendService a blocked user's friend requests (F1's "Database error.").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "im/clock.hpp"
#include "im/result.hpp"
#include "im/storage/block_store.hpp"
#include "im/storage/user_store.hpp"
#include "im/user_context.hpp"

namespace im {

class BlockService {
 public:
  BlockService(BlockStore& blocks, UserStore& users, Clock& clock);

  // `user_id` nullopt: missing or not an integer (400). Blocking a user twice is a success.
  Result<std::string> block(const UserContext& caller, std::optional<UserId> user_id);
  // 404 when the caller had not blocked that user.
  Result<std::string> unblock(const UserContext& caller, std::optional<UserId> user_id);
  // Newest first.
  Result<std::vector<BlockedUser>> list(const UserContext& caller);

 private:
  BlockStore& blocks_;
  UserStore& users_;  // the blocked user must exist
  Clock& clock_;
};

}  // namespace im
