// The SQLite implementation of im::Storage. One connection guarded by a mutex: SQLite serialises
// writers anyway, and a single connection keeps ":memory:" databases private and simple. The
// mutex also serialises the delivery bookkeeping per receiver (docs/contract/realtime.md 8.2).
//
// The methods are split by concern over users.cpp, friends.cpp, notifies.cpp, groups.cpp,
// messages.cpp, deliveries.cpp and releases.cpp; schema.cpp holds the DDL, migrations and seeds.
#pragma once

#include <mutex>
#include <string>

#include "im/sqlite_storage.hpp"
#include "im/storage.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/reader_pool.hpp"

namespace im::sqlite {

class SqliteStore final : public Storage {
 public:
  explicit SqliteStore(const std::string& path, SqliteSync sync = SqliteSync::full);

  void migrate() override;
  bool ping() override;
  bool fast_reads() const override { return readers_.enabled(); }

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
  // Runs `body`, turning every exception into a StoreError, so no exception leaves a Storage
  // call; RAII statements/transactions clean up while unwinding.
  template <class F>
  static auto caught(F&& body) -> StoreResult<decltype(body())> {
    try {
      return body();
    } catch (const SqlError& e) {
      return StoreError{e.code(), e.what()};
    } catch (const std::exception& e) {
      return StoreError{StoreErrc::other, e.what()};
    } catch (...) {
      return StoreError{StoreErrc::other, "unknown error"};
    }
  }

  // `body` on the main connection, under its mutex.
  template <class F>
  auto guarded(F&& body) -> StoreResult<decltype(body())> {
    std::lock_guard lock(mutex_);
    return caught(std::forward<F>(body));
  }

  // The reads of Storage::fast_reads: on a reader connection of a file database (never waiting
  // for the writer), on the main one under its mutex otherwise.
  template <class F>
  auto read_guarded(F&& body) -> StoreResult<decltype(body(std::declval<Db&>()))> {
    if (!readers_.enabled()) return guarded([&] { return body(db_); });
    return caught([&] {
      auto lease = readers_.lease();
      return body(lease.db());
    });
  }

  // Shared by record_delivery and recover_pending_deliveries (callers hold the lock).
  std::optional<MessageAck> load_ack(UserId receiver);
  void save_ack(const MessageAck& ack, Seconds now);

  std::mutex mutex_;
  Db db_;
  ReaderPool readers_;
};

}  // namespace im::sqlite
