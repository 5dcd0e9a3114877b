// Chooses the engine's adapters from the host configuration (design.md "adapters").
#pragma once

#include "im/engine.hpp"
#include "server/config/host_config.hpp"

namespace im::host {

// The embedded default (SQLite + in-process token store and cache); production adapters are
// selected here when configured.
EnginePorts make_ports(const HostConfig& config);

}  // namespace im::host
