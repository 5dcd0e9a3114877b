#include "im/engine.hpp"

#include <atomic>
#include <exception>
#include <string>

namespace im {
namespace {

// Lets the services hold a NotifyPusher& from the start while the host attaches its hub later.
class NotifyRelay final : public NotifyPusher {
 public:
  void set(NotifyPusher* target) { target_.store(target); }
  void push_notify(const Notify& notify, const UserContext& cause) override {
    if (auto* target = target_.load()) target->push_notify(notify, cause);
  }

 private:
  std::atomic<NotifyPusher*> target_{nullptr};
};

}  // namespace

Result<std::unique_ptr<Engine>> Engine::create(EngineConfig config, EnginePorts ports) {
  auto invalid = [](std::string what) {
    return Error{Errc::invalid_argument, 500, {}, std::move(what)};
  };
  if (config.secret_key.empty()) return invalid("the secret key (SECRET_KEY) must not be empty");
  if (!ports.storage.complete()) return invalid("the storage adapter must provide every port");
  // Database::migrate() is the one port call allowed to throw (start-up only): caught here so
  // that nothing crosses the public API.
  try {
    ports.storage.database->migrate();
  } catch (const std::exception& e) {
    return Error{
        Errc::storage, 500, {}, std::string("the schema could not be migrated: ") + e.what()};
  }
  return std::unique_ptr<Engine>(new Engine(std::move(config), std::move(ports)));
}

Engine::Engine(EngineConfig config, EnginePorts ports)
    : config_(std::move(config)), ports_(std::move(ports)) {
  if (!ports_.tokens) ports_.tokens = make_memory_token_store();
  if (!ports_.cache) ports_.cache = make_memory_cache();
  if (!ports_.clock) ports_.clock = make_system_clock();
  Storage& s = ports_.storage;
  auth_ = std::make_unique<AuthService>(config_, *ports_.tokens, *ports_.clock);
  users_ = std::make_unique<UserService>(config_, *s.users, *s.permissions, *ports_.cache,
                                         *ports_.clock, *auth_, *s.admin);
  permissions_ = std::make_unique<PermissionService>(*s.permissions, *ports_.clock);
  notify_relay_ = std::make_unique<NotifyRelay>();
  friends_ = std::make_unique<FriendService>(*s.friends, *s.notifies, *s.users, *s.blocks,
                                             *ports_.clock, *notify_relay_);
  groups_ = std::make_unique<GroupService>(*s.groups, *s.users, *ports_.clock);
  notifies_ = std::make_unique<NotifyService>(*s.notifies, *ports_.clock);
  sync_ = std::make_unique<OfflineSyncService>(*s.messages, *ports_.clock);
  send_limiter_ = std::make_unique<SendLimiter>(
      SendLimiter::Limits{config_.send_rate_per_user, config_.send_burst_per_user},
      ports_.send_buckets);
  account_export_ = std::make_unique<AccountExportService>(
      AccountExportService::Stores{*s.users, *s.friends, *s.groups, *s.notifies, *s.messages});
  blocks_ = std::make_unique<BlockService>(*s.blocks, *s.users, *ports_.clock);
  history_ = std::make_unique<HistoryService>(*s.history, *s.groups);
  presence_ = std::make_unique<PresenceService>(*s.presence);
  message_sync_ = std::make_unique<MessageSyncService>(*s.sync, *s.groups, *ports_.clock,
                                                       config_.recall_window);
}

MessageService::Stores Engine::message_stores() {
  Storage& s = ports_.storage;
  return {*s.messages, *s.groups, *s.friends,
          *s.notifies, *s.blocks, send_limiter_->enabled() ? send_limiter_.get() : nullptr};
}

void Engine::set_notify_pusher(NotifyPusher* pusher) {
  static_cast<NotifyRelay&>(*notify_relay_).set(pusher);
}

Engine::~Engine() = default;

}  // namespace im
