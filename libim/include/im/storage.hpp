// The storage ports (design.md "libim ports"): everything the services persist, one port per
// domain under im/storage/, so that each service depends only on the ports it uses.
//
// Calls are blocking and thread-safe; the host runs them on the worker pool, never on I/O
// threads (except the fast reads, Database::fast_reads). Every call returns a StoreResult and
// none throws. Every adapter (SQLite embedded, MariaDB production) passes the same conformance
// suite (tests/storage). Every operation that spans several rows is one transaction, and every
// path releases its transaction and connection (B10).
#pragma once

#include <memory>

#include "im/storage/admin_store.hpp"
#include "im/storage/block_store.hpp"
#include "im/storage/database.hpp"
#include "im/storage/friend_store.hpp"
#include "im/storage/group_store.hpp"
#include "im/storage/history_store.hpp"
#include "im/storage/message_store.hpp"
#include "im/storage/notify_store.hpp"
#include "im/storage/permission_store.hpp"
#include "im/storage/presence_store.hpp"
#include "im/storage/push_outbox_store.hpp"
#include "im/storage/receipt_store.hpp"
#include "im/storage/release_store.hpp"
#include "im/storage/sync_store.hpp"
#include "im/storage/user_store.hpp"

namespace im {

// The ports of one database, as an adapter hands them out. They share the adapter's connections,
// and some operations span their tables in one transaction (delete_friendship inserts a notify),
// so all of them come from the same adapter. The engine wires each service with its ports.
struct Storage {
  std::shared_ptr<Database> database;
  std::shared_ptr<UserStore> users;
  std::shared_ptr<PermissionStore> permissions;
  std::shared_ptr<FriendStore> friends;
  std::shared_ptr<NotifyStore> notifies;
  std::shared_ptr<GroupStore> groups;
  std::shared_ptr<MessageStore> messages;
  std::shared_ptr<ReleaseStore> releases;
  // Extensions (docs/protocol-extensions.md).
  std::shared_ptr<BlockStore> blocks;
  std::shared_ptr<HistoryStore> history;
  std::shared_ptr<PresenceStore> presence;
  std::shared_ptr<ReceiptStore> receipts;
  // The admin API (docs/operations.md "Admin API").
  std::shared_ptr<AdminStore> admin;
  std::shared_ptr<SyncStore> sync;
  // The offline push webhook's outbox (docs/operations.md "Offline push webhook").
  std::shared_ptr<PushOutboxStore> push_outbox;

  // True when every port is set.
  bool complete() const {
    return database && users && permissions && friends && notifies && groups && messages &&
           releases && blocks && history && presence && receipts && admin && sync && push_outbox;
  }
};

}  // namespace im
