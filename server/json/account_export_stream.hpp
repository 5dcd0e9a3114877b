// The JSON document of GET /api/v1/users/export (issue 14), written piece by piece:
//
//   {"exportedAt":..., "user":{UserPublic}, "friends":[F5 elements], "groups":[G6 elements],
//    "notifies":[notify rows], "messages":[message rows, ascending id]}
//
// The first piece carries everything but the messages; then one piece per page of messages
// (AccountExportService::messages, keyset paging), then the closing brackets. No piece holds more
// than one page, whatever the size of the history.
#pragma once

#include <optional>
#include <string>

#include "im/services/account_export_service.hpp"
#include "server/http/reply.hpp"

namespace im::host {

class AccountExportStream final : public ChunkSource {
 public:
  AccountExportStream(AccountExportService& service, AccountExportService::Account account,
                      Seconds exported_at,
                      std::int64_t page_size = AccountExportService::kDefaultPageSize);

  std::optional<std::string> next() override;

 private:
  std::string head();
  std::optional<std::string> page();

  enum class Stage { head, messages, done };
  AccountExportService& service_;
  std::optional<AccountExportService::Account> account_;  // until the head is written
  UserId user_;
  Seconds exported_at_;
  std::int64_t page_size_;
  Stage stage_ = Stage::head;
  MessageId after_ = 0;  // the last message id written
  bool any_message_ = false;
};

}  // namespace im::host
