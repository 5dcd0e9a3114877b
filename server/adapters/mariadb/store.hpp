// MariaDbStorage: im::Storage over the connection pool. Its methods are defined in one file per
// concern (users.cpp, friends.cpp, notifies.cpp, groups.cpp, messages.cpp, releases.cpp);
// store.cpp holds construction, migrate and ping.
#pragma once

#include <type_traits>
#include <utility>

#include "im/storage.hpp"
#include "server/adapters/mariadb/db_error.hpp"
#include "server/adapters/mariadb/pool.hpp"

namespace im::host::mariadb {

class MariaDbStorage final : public Storage {
 public:
  explicit MariaDbStorage(const DatabaseConfig& config) : pool_(config) {}

  void migrate() override;
  bool ping() override;
  const Pool& pool() const { return pool_; }

  StoreResult<User> create_user(const NewUser& user) override;
  StoreResult<std::optional<User>> find_user(UserId id) override;
  StoreResult<std::optional<User>> find_user_by_account(std::string_view account) override;
  StoreResult<std::vector<User>> find_users(std::span<const UserId> ids) override;
  StoreResult<std::optional<User>> update_user(UserId id, const UserPatch& patch,
                                               Seconds now) override;
  StoreResult<bool> delete_user(UserId id) override;
  StoreResult<std::optional<RoleInfo>> role_info(std::int64_t role_id) override;
  StoreResult<Permission> create_permission(std::string_view name,
                                            const std::optional<std::string>& desc,
                                            Seconds now) override;
  StoreResult<Role> create_role(std::string_view name, const std::optional<std::string>& desc,
                                std::span<const std::int64_t> permission_ids, Seconds now) override;

  StoreResult<bool> are_friends(UserId a, UserId b) override;
  StoreResult<std::vector<FriendEntry>> list_friends(UserId user) override;
  StoreResult<std::optional<FriendSetting>> friend_setting(UserId owner, UserId friend_id) override;
  StoreResult<bool> update_friend_setting(UserId owner, UserId friend_id,
                                          const FriendSettingPatch& patch, Seconds now) override;
  StoreResult<Done> delete_friendship(UserId a, UserId b, const Notify& del_notify) override;
  StoreResult<Done> accept_friend_request(std::string_view notify_id, UserId accepter,
                                          UserId requester, Seconds now) override;

  StoreResult<Done> create_notify(const Notify& notify) override;
  StoreResult<std::optional<Notify>> find_notify(std::string_view id) override;
  StoreResult<std::vector<NotifyWithSender>> pending_notifies(UserId receiver) override;
  StoreResult<bool> advance_notify(std::string_view id, std::span<const NotifyStatus> from,
                                   NotifyStatus to, Seconds now) override;

  StoreResult<Group> create_group(const NewGroup& group, Seconds now) override;
  StoreResult<std::optional<Group>> find_group(GroupId id) override;
  StoreResult<std::vector<GroupWithCount>> groups_of(UserId user) override;
  StoreResult<std::vector<MemberWithUser>> group_members(GroupId id) override;
  StoreResult<std::vector<UserId>> group_member_ids(GroupId id) override;
  StoreResult<bool> is_member(GroupId id, UserId user) override;
  StoreResult<Done> update_group(GroupId id, const GroupPatch& patch, Seconds now) override;
  StoreResult<Done> delete_group(GroupId id) override;
  StoreResult<std::int64_t> add_members(GroupId id, std::span<const UserId> users,
                                        Seconds now) override;

  StoreResult<std::vector<MessageId>> append_messages(std::span<const Message> batch,
                                                      Seconds now) override;
  StoreResult<MessageAck> record_delivery(UserId receiver, MessageId message, bool ok,
                                          Seconds now) override;
  StoreResult<Done> record_deliveries(std::span<const DeliveryOutcome> outcomes,
                                      Seconds now) override;
  StoreResult<std::int64_t> recover_pending_deliveries(Seconds now, Seconds queued_until) override;
  StoreResult<Done> mark_received(UserId receiver, std::optional<MessageId> id,
                                  Seconds now) override;
  StoreResult<std::optional<MessageAck>> message_ack(UserId receiver) override;
  StoreResult<MessagePage> pending_messages(UserId receiver, std::int64_t offset,
                                            std::int64_t limit) override;
  StoreResult<Done> upsert_read(std::int64_t sender, UserId receiver, MessageId last_read,
                                Seconds now) override;

  StoreResult<Done> create_releases(std::span<const Release> releases) override;
  StoreResult<std::optional<Release>> latest_active_release(std::string_view platform,
                                                            std::string_view archs) override;

 private:
  // Runs `f(lease)` on a pooled connection (autocommit) and turns DbError into StoreError.
  template <class F>
  auto run(F&& f) -> StoreResult<std::invoke_result_t<F, Lease&>> {
    try {
      Lease lease = pool_.acquire();
      return f(lease);
    } catch (const DbError& e) {
      return StoreError{e.code(), e.what()};
    }
  }

  // Runs `f(lease)` inside one transaction; a deadlock re-runs the whole transaction. The lease
  // rolls back on every path that does not reach commit.
  template <class F>
  auto run_tx(F&& f) -> StoreResult<std::invoke_result_t<F, Lease&>> {
    for (int attempt = 1;; ++attempt) {
      try {
        Lease lease = pool_.acquire();
        lease.begin();
        auto value = f(lease);
        lease.commit();
        return value;
      } catch (const DbError& e) {
        if (e.retryable() && attempt < 5) continue;
        return StoreError{e.code(), e.what()};
      }
    }
  }

  // Whether a multi-row INSERT hands out consecutive AUTO_INCREMENT ids (checked at migrate).
  bool consecutive_ids_ = false;
  Pool pool_;
};

}  // namespace im::host::mariadb
