#include "im/services/account_export_service.hpp"

#include <string>

#include "im/log_format.hpp"

namespace im {

namespace {

Error database_error(const StoreError& e) {
  log::warn("account export: {}", e.detail);
  return Error{Errc::storage, 500, "Database error.", e.detail};
}

}  // namespace

Result<AccountExportService::Account> AccountExportService::account(UserId user) {
  auto found = stores_.users.find_user(user);
  if (!found) return database_error(found.error());
  if (!*found)
    return Error::not_found("No user found with id " + std::to_string(user))
        .because(Errc::not_found, "the caller no longer exists");
  auto friends = stores_.friends.list_friends(user);
  if (!friends) return database_error(friends.error());
  auto groups = stores_.groups.groups_of(user);
  if (!groups) return database_error(groups.error());
  auto notifies = stores_.notifies.notifies_of_user(user);
  if (!notifies) return database_error(notifies.error());
  return Account{std::move(**found), std::move(*friends), std::move(*groups), std::move(*notifies)};
}

Result<std::vector<Message>> AccountExportService::messages(UserId user, MessageId after,
                                                            std::int64_t page_size) {
  if (page_size <= 0)
    return Error::bad_request().because(Errc::invalid_argument, "page size must be positive");
  auto page = stores_.messages.messages_of_user(user, after, page_size);
  if (!page) return database_error(page.error());
  return std::move(*page);
}

}  // namespace im
