#include "im/engine.hpp"

#include <atomic>
#include <stdexcept>

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

Engine::Engine(EngineConfig config, EnginePorts ports)
    : config_(std::move(config)), ports_(std::move(ports)) {
  if (config_.secret_key.empty()) throw std::runtime_error("SECRET_KEY must not be empty");
  if (!ports_.storage.complete())
    throw std::runtime_error("the engine needs a storage adapter with every port");
  if (!ports_.tokens) ports_.tokens = make_memory_token_store();
  if (!ports_.cache) ports_.cache = make_memory_cache();
  if (!ports_.clock) ports_.clock = make_system_clock();
  Storage& s = ports_.storage;
  s.database->migrate();
  auth_ = std::make_unique<AuthService>(config_, *ports_.tokens, *ports_.clock);
  users_ = std::make_unique<UserService>(config_, *s.users, *s.permissions, *ports_.cache,
                                         *ports_.clock, *auth_);
  permissions_ = std::make_unique<PermissionService>(*s.permissions, *ports_.clock);
  notify_relay_ = std::make_unique<NotifyRelay>();
  friends_ = std::make_unique<FriendService>(*s.friends, *s.notifies, *s.users, *ports_.clock,
                                             *notify_relay_);
  groups_ = std::make_unique<GroupService>(*s.groups, *s.users, *ports_.clock);
  notifies_ = std::make_unique<NotifyService>(*s.notifies, *ports_.clock);
}

MessageService::Stores Engine::message_stores() {
  Storage& s = ports_.storage;
  return {*s.messages, *s.groups, *s.friends, *s.notifies};
}

void Engine::set_notify_pusher(NotifyPusher* pusher) {
  static_cast<NotifyRelay&>(*notify_relay_).set(pusher);
}

void Engine::set_delivery_flusher(std::function<void()> flusher) {
  std::lock_guard lock(flusher_mutex_);
  flusher_ = std::move(flusher);
}

void Engine::flush_deliveries() {
  std::function<void()> flusher;
  {
    std::lock_guard lock(flusher_mutex_);
    flusher = flusher_;
  }
  if (flusher) flusher();
}

Engine::~Engine() = default;

}  // namespace im
