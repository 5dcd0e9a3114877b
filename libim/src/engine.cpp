#include "im/engine.hpp"

#include <stdexcept>

#include "im/sqlite_storage.hpp"

namespace im {

Engine::Engine(EngineConfig config, EnginePorts ports)
    : config_(std::move(config)), ports_(std::move(ports)) {
  if (config_.secret_key.empty()) throw std::runtime_error("SECRET_KEY must not be empty");
  if (!ports_.storage) throw std::runtime_error("the engine needs a Storage adapter");
  if (!ports_.tokens) ports_.tokens = make_memory_token_store();
  if (!ports_.cache) ports_.cache = make_memory_cache();
  if (!ports_.clock) ports_.clock = make_system_clock();
  ports_.storage->migrate();
  auth_ = std::make_unique<AuthService>(config_, *ports_.tokens, *ports_.clock);
  users_ = std::make_unique<UserService>(config_, *ports_.storage, *ports_.cache, *ports_.clock,
                                         *auth_);
  permissions_ = std::make_unique<PermissionService>(*ports_.storage, *ports_.clock);
}

Engine::~Engine() = default;

EnginePorts make_embedded_ports(const std::string& sqlite_path) {
  EnginePorts ports;
  ports.storage = make_sqlite_storage(sqlite_path);
  ports.tokens = make_memory_token_store();
  ports.cache = make_memory_cache();
  ports.clock = make_system_clock();
  return ports;
}

}  // namespace im
