// im::Engine wires a configuration and the ports into ready services, so that a host (the
// im_server executable, the Node binding, an embedding application) gets the whole core from a
// few lines. It owns no threads and no sockets.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "im/cache.hpp"
#include "im/clock.hpp"
#include "im/config.hpp"
#include "im/result.hpp"
#include "im/send_buckets.hpp"
#include "im/send_limiter.hpp"
#include "im/services/account_export_service.hpp"
#include "im/services/auth_service.hpp"
#include "im/services/block_service.hpp"
#include "im/services/friend_service.hpp"
#include "im/services/group_service.hpp"
#include "im/services/history_service.hpp"
#include "im/services/message_service.hpp"
#include "im/services/message_sync_service.hpp"
#include "im/services/notify_pusher.hpp"
#include "im/services/notify_service.hpp"
#include "im/services/offline_sync_service.hpp"
#include "im/services/permission_service.hpp"
#include "im/services/presence_service.hpp"
#include "im/services/user_service.hpp"
#include "im/storage.hpp"

namespace im {

class AdminService;

struct EnginePorts {
  Storage storage;  // every port set (make_sqlite_storage, or the host's MariaDB adapter)
  std::shared_ptr<TokenStore> tokens;
  std::shared_ptr<Cache> cache;
  std::shared_ptr<Clock> clock;  // defaults to the system clock
  // The per-user send limits' buckets shared by the nodes; none = this node counts alone.
  std::shared_ptr<SharedSendBuckets> send_buckets;
};

class Engine {
 public:
  // Checks the configuration (a secret key; every storage port), migrates the storage and
  // builds the services. Errors: `invalid_argument` for an unusable configuration, `storage`
  // when the schema cannot be created or upgraded (the detail says why). Never throws.
  static Result<std::unique_ptr<Engine>> create(EngineConfig config, EnginePorts ports);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  const EngineConfig& config() const { return config_; }
  Storage& storage() { return ports_.storage; }
  // The ports a MessageService of this engine works on.
  MessageService::Stores message_stores();
  TokenStore& tokens() { return *ports_.tokens; }
  Cache& cache() { return *ports_.cache; }
  Clock& clock() { return *ports_.clock; }

  AuthService& auth() { return *auth_; }
  UserService& users() { return *users_; }
  PermissionService& permissions() { return *permissions_; }
  FriendService& friends() { return *friends_; }
  GroupService& groups() { return *groups_; }
  NotifyService& notifies() { return *notifies_; }
  // Offline sync (E4/E5) and flush(): wait until the realtime layer's queued writes are stored.
  OfflineSyncService& sync() { return *sync_; }
  // Extensions (docs/protocol-extensions.md).
  BlockService& blocks() { return *blocks_; }
  HistoryService& history() { return *history_; }
  // Presence lookups and the setting; the transitions are im::Realtime's.
  PresenceService& presence() { return *presence_; }
  MessageSyncService& message_sync() { return *message_sync_; }
  // Account data export (GET /api/v1/users/export).
  AccountExportService& account_export() { return *account_export_; }
  // Per-user send limits (EngineConfig::send_rate_per_user), used by message_stores().
  SendLimiter& send_limiter() { return *send_limiter_; }

  // The realtime layer that announces notifies (the host's hub). Until one is set, and after it
  // is cleared with nullptr, announcements are dropped: the receiver finds the notify through
  // GET /api/v1/events/notify. The pusher must outlive its registration.
  void set_notify_pusher(NotifyPusher* pusher);

  // The admin API (docs/operations.md "Admin API") needs the Hub, so im::Realtime owns it and
  // registers it here for the HTTP host; nullptr while no Realtime runs on this engine.
  void set_admin(AdminService* admin) { admin_.store(admin); }
  AdminService* admin() { return admin_.load(); }

 private:
  Engine(EngineConfig config, EnginePorts ports);  // the ports are checked and migrated

  EngineConfig config_;
  EnginePorts ports_;
  std::unique_ptr<AuthService> auth_;
  std::unique_ptr<UserService> users_;
  std::unique_ptr<PermissionService> permissions_;
  std::unique_ptr<NotifyPusher> notify_relay_;  // forwards to the pusher set by the host
  std::unique_ptr<FriendService> friends_;
  std::unique_ptr<GroupService> groups_;
  std::unique_ptr<NotifyService> notifies_;
  std::unique_ptr<OfflineSyncService> sync_;
  std::unique_ptr<SendLimiter> send_limiter_;
  std::unique_ptr<AccountExportService> account_export_;
  std::unique_ptr<BlockService> blocks_;
  std::unique_ptr<HistoryService> history_;
  std::unique_ptr<PresenceService> presence_;
  std::atomic<AdminService*> admin_{nullptr};
  std::unique_ptr<MessageSyncService> message_sync_;
};

}  // namespace im
