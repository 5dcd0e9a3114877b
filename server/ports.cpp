#include "server/ports.hpp"

namespace im::host {

EnginePorts make_ports(const HostConfig& config) {
  // MariaDB (config.db.host) and Redis (config.redis.host) adapters plug in here.
  return make_embedded_ports(config.sqlite_path);
}

}  // namespace im::host
