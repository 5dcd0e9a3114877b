// The Storage port (design.md "libim ports"): everything the services persist.
//
// Calls are blocking and thread-safe; the host runs them on the worker pool, never on I/O
// threads. Every adapter (SQLite embedded, MariaDB production) passes the same conformance suite
// (tests/storage). Every operation that spans several rows is one transaction, and
// every path releases its transaction and connection (B10).
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "im/types.hpp"

namespace im {

enum class StoreErrc {
  conflict,     // a unique key was violated (duplicate account, email, name, msgId)
  foreign_key,  // a referenced row is missing, or the row is still referenced
  unavailable,  // the database cannot be reached (connection lost, pool exhausted)
  other,        // anything else
};

struct StoreError {
  StoreErrc code = StoreErrc::other;
  std::string detail;  // for logs only; never sent to clients
};

template <class T>
class [[nodiscard]] StoreResult {
 public:
  StoreResult(T value) : value_(std::move(value)) {}
  StoreResult(StoreError error) : error_(std::move(error)) {}
  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }
  T& value() { return *value_; }
  const T& value() const { return *value_; }
  T* operator->() { return &*value_; }
  T& operator*() { return *value_; }
  const StoreError& error() const { return error_; }

 private:
  std::optional<T> value_;
  StoreError error_;
};

struct Done {};

struct NewUser {
  std::string account;
  std::string pwd_hash;
  std::optional<std::string> avatar;
  std::optional<std::string> email;
  std::int64_t role_id = 1;
  Seconds now = 0;
};

// A field that is absent leaves the column alone; present-with-nullopt writes NULL.
template <class T>
using Patch = std::optional<std::optional<T>>;

struct UserPatch {
  Patch<std::string> email;
  Patch<std::string> avatar;
};

struct FriendSettingPatch {
  Patch<std::string> remark;
  std::optional<bool> astrolabe;
  std::optional<bool> block;
};

struct NewGroup {
  std::optional<std::string> name;
  std::optional<std::string> avatar;
  int type = 1;
  UserId creator = 0;
  std::vector<UserId> members;  // de-duplicated, creator included, ascending
};

struct GroupPatch {
  std::optional<std::string> name;
  std::optional<std::string> avatar;
};

// One delivery outcome of a message to a receiving user (docs/contract/realtime.md 8.2).
struct DeliveryOutcome {
  UserId receiver = 0;
  MessageId message = 0;
  bool ok = false;  // per-user result 200
};

struct MessagePage {
  std::int64_t count = 0;  // matching rows before paging
  std::vector<MessageWithSender> items;
};

class Storage {
 public:
  virtual ~Storage() = default;

  // Creates or migrates the schema and inserts the missing seeds (docs/contract/data-model.md 3, 6,
  // 7). Throws std::runtime_error on failure: this runs at start-up only.
  virtual void migrate() = 0;
  // True when the database answers (for /healthz).
  virtual bool ping() = 0;
  // True when the reads marked "fast read" below neither go over the network nor wait for
  // another connection's commit, so that a network thread may call them (the host then serves
  // the routes made only of them on its I/O threads).
  virtual bool fast_reads() const { return false; }

  // ---- users and roles
  // conflict when account or e-mail is taken; the id comes from the sequence (>= 10000).
  virtual StoreResult<User> create_user(const NewUser& user) = 0;
  virtual StoreResult<std::optional<User>> find_user(UserId id) = 0;
  virtual StoreResult<std::optional<User>> find_user_by_account(std::string_view account) = 0;
  // The users among `ids` that exist, ascending by id.
  virtual StoreResult<std::vector<User>> find_users(std::span<const UserId> ids) = 0;
  // nullopt: no such user. conflict: e-mail taken.
  virtual StoreResult<std::optional<User>> update_user(UserId id, const UserPatch& patch,
                                                       Seconds now) = 0;
  // false: no such user. foreign_key: still referenced (J13); nothing changes then.
  virtual StoreResult<bool> delete_user(UserId id) = 0;
  virtual StoreResult<std::optional<RoleInfo>> role_info(std::int64_t role_id) = 0;
  // conflict: name taken.
  virtual StoreResult<Permission> create_permission(std::string_view name,
                                                    const std::optional<std::string>& desc,
                                                    Seconds now) = 0;
  // conflict: name taken. foreign_key: an unknown permission id (rolled back, nothing created).
  virtual StoreResult<Role> create_role(std::string_view name,
                                        const std::optional<std::string>& desc,
                                        std::span<const std::int64_t> permission_ids,
                                        Seconds now) = 0;

  // ---- friends
  virtual StoreResult<bool> are_friends(UserId a, UserId b) = 0;
  // Ascending Friends.id; each entry carries the caller's own setting row (B15). Fast read.
  virtual StoreResult<std::vector<FriendEntry>> list_friends(UserId user) = 0;
  virtual StoreResult<std::optional<FriendSetting>> friend_setting(UserId owner,
                                                                   UserId friend_id) = 0;
  // false: the owner has no row for that friend. Changes only the given keys, sets updatedAt.
  virtual StoreResult<bool> update_friend_setting(UserId owner, UserId friend_id,
                                                  const FriendSettingPatch& patch, Seconds now) = 0;
  // One transaction: delete both settings rows, the Friends rows in both directions, insert
  // `del_notify`.
  virtual StoreResult<Done> delete_friendship(UserId a, UserId b, const Notify& del_notify) = 0;
  // One transaction (F6): set the notify to Fulfilled only if its status is still <= 3
  // (exactly one row must change, otherwise `other`), insert Friends(accepter, requester) and
  // both FriendSettings rows.
  virtual StoreResult<Done> accept_friend_request(std::string_view notify_id, UserId accepter,
                                                  UserId requester, Seconds now) = 0;

  // ---- notifies
  virtual StoreResult<Done> create_notify(const Notify& notify) = 0;
  virtual StoreResult<std::optional<Notify>> find_notify(std::string_view id) = 0;
  // receiver = user and status = 1, ascending timer, with the sender's current row.
  virtual StoreResult<std::vector<NotifyWithSender>> pending_notifies(UserId receiver) = 0;
  // Sets `to` only when the current status is one of `from`; true when a row changed.
  virtual StoreResult<bool> advance_notify(std::string_view id, std::span<const NotifyStatus> from,
                                           NotifyStatus to, Seconds now) = 0;

  // ---- groups
  // One transaction; foreign_key when a member id is not a user (nothing created).
  virtual StoreResult<Group> create_group(const NewGroup& group, Seconds now) = 0;
  virtual StoreResult<std::optional<Group>> find_group(GroupId id) = 0;
  // The groups `user` belongs to, with their member counts (unordered; services sort).
  virtual StoreResult<std::vector<GroupWithCount>> groups_of(UserId user) = 0;
  // Members with their users, ascending user id.
  virtual StoreResult<std::vector<MemberWithUser>> group_members(GroupId id) = 0;
  virtual StoreResult<std::vector<UserId>> group_member_ids(GroupId id) = 0;
  virtual StoreResult<bool> is_member(GroupId id, UserId user) = 0;
  virtual StoreResult<Done> update_group(GroupId id, const GroupPatch& patch, Seconds now) = 0;
  // One transaction: the members, then the group. Messages stay.
  virtual StoreResult<Done> delete_group(GroupId id) = 0;
  // Skips existing members; foreign_key when an id is not a user (nothing added).
  virtual StoreResult<std::int64_t> add_members(GroupId id, std::span<const UserId> users,
                                                Seconds now) = 0;

  // ---- messages and delivery bookkeeping (docs/contract/realtime.md 8)
  // One transaction for the whole batch: inserts the rows (ids ascending in input order) and a
  // pending-delivery record per receiving user (the receiver, or every group member but the
  // sender), so that a crash never loses an unconfirmed delivery. All-or-nothing: conflict when
  // a msgId is taken (the batching writer then retries one by one).
  virtual StoreResult<std::vector<MessageId>> append_messages(std::span<const Message> batch,
                                                              Seconds now) = 0;
  // Applies the update rule of docs/contract/realtime.md 8.2 for one delivery of `message` to
  // `receiver` (ok = per-user result 200) and removes the pending record; serialised per receiver.
  virtual StoreResult<MessageAck> record_delivery(UserId receiver, MessageId message, bool ok,
                                                  Seconds now) = 0;
  // Many outcomes in input order, as one transaction where the adapter can (the batching
  // writer's path: one commit for many acks). The default applies them one by one.
  virtual StoreResult<Done> record_deliveries(std::span<const DeliveryOutcome> outcomes,
                                              Seconds now) {
    for (const auto& o : outcomes)
      if (auto r = record_delivery(o.receiver, o.message, o.ok, now); !r) return r.error();
    return Done{};
  }
  // Every pending record queued at or before `queued_until` counts as a failed delivery and
  // goes: at start-up the ones a crash left, later the ones of a node that died while sharing
  // the database (older than any live delivery can be). Returns how many.
  virtual StoreResult<std::int64_t> recover_pending_deliveries(Seconds now,
                                                               Seconds queued_until) = 0;
  // E5: lastAck = id (unchanged when nullopt), lastAckErr = NULL; pending records <= id go.
  virtual StoreResult<Done> mark_received(UserId receiver, std::optional<MessageId> id,
                                          Seconds now) = 0;
  virtual StoreResult<std::optional<MessageAck>> message_ack(UserId receiver) = 0;
  // E4: id > lastAck and (one-to-one to the user or in the user's groups), timer desc, id desc.
  virtual StoreResult<MessagePage> pending_messages(UserId receiver, std::int64_t offset,
                                                    std::int64_t limit) = 0;
  // on-message:read (5.2): upsert MessageReads(sender, receiver).lastRead.
  virtual StoreResult<Done> upsert_read(std::int64_t sender, UserId receiver, MessageId last_read,
                                        Seconds now) = 0;

  // ---- Electron releases
  virtual StoreResult<Done> create_releases(std::span<const Release> releases) = 0;
  // The active row for platform/archs with the highest id (B23).
  virtual StoreResult<std::optional<Release>> latest_active_release(std::string_view platform,
                                                                    std::string_view archs) = 0;
};

}  // namespace im
