// Chooses the engine's adapters from the host configuration (design.md "adapters").
#pragma once

#include <memory>

#include "im/bus.hpp"
#include "im/engine.hpp"
#include "server/config/host_config.hpp"

namespace im::host {

// The embedded default (SQLite + in-process token store and cache); production adapters are
// selected here when configured.
EnginePorts make_ports(const HostConfig& config);

// The storage alone (SQLite, or MariaDB with DB_HOST), not migrated yet: the admin commands.
Storage make_storage(const HostConfig& config);

// The cross-node bus: over Redis when REDIS_HOST is set (several nodes may share it), otherwise
// nullptr (a single node; im::make_local_bus() is the no-op one for embedders that want an object).
std::shared_ptr<Bus> make_bus(const HostConfig& config);

}  // namespace im::host
