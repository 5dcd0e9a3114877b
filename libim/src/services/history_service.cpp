#include "im/services/history_service.hpp"

#include "im/log_format.hpp"
#include "im/text.hpp"

namespace im {

namespace {

// `before` and `limit` as one page; nullopt when either is out of range.
std::optional<HistoryPage> page_of(std::optional<MessageId> before, std::int64_t limit) {
  if (before && *before <= 0) return std::nullopt;
  if (limit < 1 || limit > HistoryService::kMaxLimit) return std::nullopt;
  return HistoryPage{before, limit};
}

Result<std::vector<Message>> rows_or_error(StoreResult<std::vector<Message>> rows,
                                           const UserContext& caller) {
  if (!rows) {
    log::error("messages of user {} not read: {}", caller.id, rows.error().detail);
    return Error::storage(rows.error().detail);
  }
  return std::move(rows.value());
}

}  // namespace

HistoryService::HistoryService(HistoryStore& history, GroupStore& groups)
    : history_(history), groups_(groups) {}

Result<std::vector<Message>> HistoryService::messages(const UserContext& caller,
                                                      const HistoryRequest& request) {
  const bool one_conversation = request.peer.has_value() != request.group.has_value();
  const auto id = request.peer ? request.peer : request.group;
  const auto page = page_of(request.before, request.limit);
  if (!one_conversation)
    return Error::bad_request().because(Errc::invalid_argument,
                                        "not exactly one of peer and group");
  if (*id <= 0 || !page)
    return Error::bad_request().because(Errc::invalid_argument,
                                        "an id below 1, or before or limit out of range");

  if (request.group) {
    auto member = groups_.is_member(*request.group, caller.id);
    if (!member) return Error::storage(member.error().detail);
    if (!member.value())  // S3: a non-member learns no more than about a missing group
      return Error::not_found("No group found with id " + std::to_string(*request.group))
          .because(Errc::not_found, "no such group, or the caller is not a member");
  }
  return rows_or_error(request.peer ? history_.peer_history(caller.id, *request.peer, *page)
                                    : history_.group_history(*request.group, *page),
                       caller);
}

Result<std::vector<Conversation>> HistoryService::conversations(const UserContext& caller) {
  auto rows = history_.conversations(caller.id);
  if (!rows) {
    log::error("conversations of user {} not read: {}", caller.id, rows.error().detail);
    return Error::storage(rows.error().detail);
  }
  return std::move(rows.value());
}

Result<std::vector<Message>> HistoryService::search(const UserContext& caller,
                                                    const SearchRequest& request) {
  const auto page = page_of(request.before, request.limit);
  if (!page || !request.text || request.text->empty() ||
      !fits_chars(*request.text, kMaxSearchChars))
    return Error::bad_request().because(Errc::invalid_argument,
                                        "q missing, empty, too long or not UTF-8, or a bad page");
  return rows_or_error(history_.search_messages(caller.id, *request.text, *page), caller);
}

}  // namespace im
