// Storage port: the users each user has blocked (docs/protocol-extensions.md "Blocking"; the
// `Blocks` table, an extension of docs/contract/data-model.md 2).
#pragma once

#include <vector>

#include "im/result.hpp"
#include "im/types.hpp"

namespace im {

// One row of a user's block list.
struct BlockedUser {
  UserId user_id = 0;
  Seconds created_at = 0;  // when the block was made
};

class BlockStore {
 public:
  virtual ~BlockStore() = default;

  // false: `owner` had already blocked `target` (the row and its time stay as they were).
  virtual StoreResult<bool> add_block(UserId owner, UserId target, Seconds now) = 0;
  // false: there was no such block.
  virtual StoreResult<bool> remove_block(UserId owner, UserId target) = 0;
  // The owner's blocks, newest first (then by user id).
  virtual StoreResult<std::vector<BlockedUser>> list_blocks(UserId owner) = 0;
  // Whether `owner` refuses one-to-one traffic from `sender`: a `Blocks` row, or the `block` flag
  // of the owner's FriendSettings row for the sender (S8). One query, so that the message path
  // reads storage no more often than it did for S8 alone.
  virtual StoreResult<bool> refuses(UserId owner, UserId sender) = 0;
};

}  // namespace im
