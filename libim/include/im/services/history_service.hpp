// History, conversations and search (docs/protocol-extensions.md "History and conversations",
// "Search"): a page of one conversation, newest first; the list of the caller's conversations
// with the unread counts derived from the stored read receipts (docs/contract/data-model.md
// 2.11); a page of the caller's text messages that contain a string.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "im/result.hpp"
#include "im/storage/group_store.hpp"
#include "im/storage/history_store.hpp"
#include "im/user_context.hpp"

namespace im {

// Exactly one of `peer` and `group`. The transport answers 400 itself for a value that is not an
// integer.
struct HistoryRequest {
  std::optional<UserId> peer;
  std::optional<GroupId> group;
  std::optional<MessageId> before;  // only ids below it
  std::int64_t limit = 50;
};

struct SearchRequest {
  std::optional<std::string> text;  // what the content must contain
  std::optional<MessageId> before;
  std::int64_t limit = 50;
};

class HistoryService {
 public:
  static constexpr std::int64_t kDefaultLimit = 50;
  static constexpr std::int64_t kMaxLimit = 200;
  static constexpr std::size_t kMaxSearchChars = 100;

  HistoryService(HistoryStore& history, GroupStore& groups);

  // 400 for a request that is not exactly one conversation, a limit outside 1..kMaxLimit or a
  // non-positive id; for a group the caller is not a member of, the 404 of a group that does not
  // exist (G5's answer, S3).
  Result<std::vector<Message>> messages(const UserContext& caller, const HistoryRequest& request);
  Result<std::vector<Conversation>> conversations(const UserContext& caller);
  // 400 for a missing or empty text, one longer than kMaxSearchChars characters or not UTF-8, and
  // for `before`/`limit` as in messages().
  Result<std::vector<Message>> search(const UserContext& caller, const SearchRequest& request);

 private:
  HistoryStore& history_;
  GroupStore& groups_;  // membership
};

}  // namespace im
