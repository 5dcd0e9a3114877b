#include "im/services/message_sync_service.hpp"

#include "im/log_format.hpp"
#include "im/text.hpp"

namespace im {

MessageSyncService::MessageSyncService(SyncStore& sync, GroupStore& groups, Clock& clock,
                                       std::chrono::seconds recall_window)
    : sync_(sync), groups_(groups), clock_(clock), recall_window_(recall_window) {}

Result<std::vector<Message>> MessageSyncService::changes(const UserContext& caller,
                                                         std::int64_t after, std::int64_t limit) {
  if (after < 0 || limit < 1 || limit > kMaxLimit)
    return Error::bad_request().because(Errc::invalid_argument, "after or limit out of range");
  auto rows = sync_.changes_after(caller.id, after, limit);
  if (!rows) {
    log::error("sync of user {} not read: {}", caller.id, rows.error().detail);
    return Error::storage(rows.error().detail);
  }
  return std::move(rows.value());
}

Result<Message> MessageSyncService::visible_message(const UserContext& caller, MessageId id) {
  auto found = sync_.find_message(id);
  if (!found) return Error::storage(found.error().detail);
  auto missing = [id] {
    return Error::not_found("No message found with id " + std::to_string(id))
        .because(Errc::not_found, "no such message, or the caller is not one of its parties");
  };
  if (!found.value()) return missing();
  Message& m = *found.value();
  if (m.group_id) {
    auto member = groups_.is_member(*m.group_id, caller.id);
    if (!member) return Error::storage(member.error().detail);
    if (!member.value()) return missing();
  } else if (m.sender != caller.id && m.receiver != caller.id) {
    return missing();
  }
  return std::move(m);
}

Result<Message> MessageSyncService::recall(const UserContext& caller, MessageId id) {
  auto message = visible_message(caller, id);
  if (!message) return message.error();
  const bool in_window = message->sender == caller.id &&
                         clock_.now_s() - message->created_at.value_or(0) <= recall_window_.count();
  bool creator = false;
  if (!in_window && message->group_id) {
    auto group = groups_.find_group(*message->group_id);
    if (!group) return Error::storage(group.error().detail);
    creator = group.value() && group.value()->creator == caller.id;
  }
  if (!in_window && !creator)
    return Error::forbidden().because(Errc::forbidden,
                                      "not the sender within the recall window, nor the creator");
  if (message->state == MessageState::recalled) return message;
  return announce(sync_.recall_message(id, clock_.now_s()));
}

Result<Message> MessageSyncService::edit(const UserContext& caller, MessageId id,
                                         const std::string& content) {
  if (content.empty() || !fits_chars(content, kMaxContentChars))
    return Error::bad_request().because(Errc::invalid_argument,
                                        "content empty, too long or not UTF-8");
  auto message = visible_message(caller, id);
  if (!message) return message.error();
  if (message->sender != caller.id)
    return Error::forbidden().because(Errc::forbidden, "only the sender edits a message");
  if (message->type != "text" || message->state == MessageState::recalled)
    return Error::bad_request().because(Errc::invalid_argument,
                                        "only a text message that is not recalled is edited");
  return announce(sync_.edit_message(id, content, clock_.now_s()));
}

Result<Message> MessageSyncService::announce(StoreResult<std::optional<Message>> changed) {
  if (!changed) return Error::storage(changed.error().detail);
  // Recalled in between (an edit lost the race): the edit is refused like one that came after.
  if (!changed.value())
    return Error::bad_request().because(Errc::invalid_argument, "the message was recalled");
  const Message& m = *changed.value();
  if (auto* pusher = pusher_.load()) {
    std::vector<UserId> parties;
    if (m.group_id) {
      auto members = groups_.group_member_ids(*m.group_id);
      if (members) {
        parties = std::move(members.value());
      } else {
        log::warn("message {} change not pushed: {}", m.id, members.error().detail);
      }
    } else {
      parties = {m.sender};
      if (m.receiver != m.sender) parties.push_back(m.receiver);
    }
    pusher->push_change(m, parties);
  }
  return std::move(*changed.value());
}

}  // namespace im
