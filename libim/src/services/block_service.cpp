#include "im/services/block_service.hpp"

#include "im/log_format.hpp"

namespace im {

BlockService::BlockService(BlockStore& blocks, UserStore& users, Clock& clock)
    : blocks_(blocks), users_(users), clock_(clock) {}

Result<std::string> BlockService::block(const UserContext& caller, std::optional<UserId> user_id) {
  if (!user_id)
    return Error::bad_request().because(Errc::invalid_argument, "userId is missing or no integer");
  if (*user_id == caller.id)
    return Error::bad_request().because(Errc::invalid_argument, "a user cannot block themselves");
  auto target = users_.find_user(*user_id);
  if (!target) return Error::storage(target.error().detail);
  if (!target.value())
    return Error::not_found("No user found with id " + std::to_string(*user_id))
        .because(Errc::not_found, "no such user");
  if (auto added = blocks_.add_block(caller.id, *user_id, clock_.now_s()); !added) {
    log::error("block {} -> {} not stored: {}", caller.id, *user_id, added.error().detail);
    return Error::storage(added.error().detail);
  }
  return std::string("Successfully blocked.");
}

Result<std::string> BlockService::unblock(const UserContext& caller,
                                          std::optional<UserId> user_id) {
  if (!user_id) return Error::bad_request().because(Errc::invalid_argument, "userId is no integer");
  auto removed = blocks_.remove_block(caller.id, *user_id);
  if (!removed) return Error::storage(removed.error().detail);
  if (!removed.value())
    return Error::not_found("No block found for user " + std::to_string(*user_id))
        .because(Errc::not_found, "the caller has not blocked this user");
  return std::string("Successfully unblocked.");
}

Result<std::vector<BlockedUser>> BlockService::list(const UserContext& caller) {
  auto rows = blocks_.list_blocks(caller.id);
  if (!rows) return Error::storage(rows.error().detail);
  return std::move(rows.value());
}

}  // namespace im
