// Account data export (issue 14, GET /api/v1/users/export): everything the server holds about a
// user, read so that a host can stream it. The small parts (profile, friends with their settings,
// groups, notifies) come in one call; the messages, which may be millions, come in pages read by
// keyset (each page after the last id of the one before), so that neither the service nor the
// host ever holds more than a page.
#pragma once

#include <cstdint>
#include <vector>

#include "im/result.hpp"
#include "im/storage/friend_store.hpp"
#include "im/storage/group_store.hpp"
#include "im/storage/message_store.hpp"
#include "im/storage/notify_store.hpp"
#include "im/storage/user_store.hpp"
#include "im/types.hpp"

namespace im {

class AccountExportService {
 public:
  struct Stores {
    UserStore& users;
    FriendStore& friends;
    GroupStore& groups;
    NotifyStore& notifies;
    MessageStore& messages;
  };

  // Everything but the messages. `user` still carries the password hash: a host must leave it
  // out of what it writes (S5).
  struct Account {
    User user;
    std::vector<FriendEntry> friends;  // each with the user's setting for that friend
    std::vector<GroupWithCount> groups;
    std::vector<Notify> notifies;  // sent or received
  };

  static constexpr std::int64_t kDefaultPageSize = 500;

  explicit AccountExportService(Stores stores) : stores_(stores) {}

  // 404 "No user found with id <id>" when the user is gone; 500 "Database error." when storage
  // fails.
  Result<Account> account(UserId user);
  // The user's messages (sent, received one-to-one, and of the user's groups) with an id above
  // `after`, ascending, at most `page_size`; fewer than `page_size` means the last page.
  Result<std::vector<Message>> messages(UserId user, MessageId after,
                                        std::int64_t page_size = kDefaultPageSize);

 private:
  Stores stores_;
};

}  // namespace im
