// The operator endpoints outside /api (issue 4, item 7), public:
//   GET /healthz  200 {"status":"ok",...} when storage (and Redis, when configured) answer,
//                 503 {"status":"unavailable",...} otherwise;
//   GET /metrics  Prometheus text exposition format 0.0.4.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "im/realtime_stats.hpp"
#include "im/storage/database.hpp"
#include "server/http/reply.hpp"
#include "server/metrics/http_metrics.hpp"

namespace im::host {

struct OperationsSources {
  Database* database = nullptr;
  // Both probes answer false when their service cannot be reached; neither throws.
  std::function<bool()> redis_ping;  // empty when Redis is not configured
  const HttpMetrics* http = nullptr;
  const RealtimeStats* realtime = nullptr;
  std::function<std::size_t()> engineio_connections;
  std::function<std::size_t()> socketio_sessions;
  std::function<std::size_t()> online_users;
  // {in use, size} of the database pool; nullopt for the embedded database.
  std::function<std::optional<std::pair<int, int>>()> db_pool;
  std::string node_id;
};

// What the probes of GET /healthz found; GET /metrics reports the same as im_storage_up and
// im_redis_up.
struct HealthProbes {
  bool storage = false;
  std::optional<bool> redis;  // nullopt when Redis is not configured
  bool ok() const { return storage && redis.value_or(true); }
};

class Operations {
 public:
  explicit Operations(OperationsSources sources) : src_(std::move(sources)) {}

  // True for the paths served here (GET/HEAD /healthz, /metrics).
  static bool matches(std::string_view method, std::string_view path);
  // Blocking (pings): call on the worker pool.
  Reply handle(std::string_view path) const;

 private:
  HealthProbes probe() const;
  Reply health() const;
  Reply metrics() const;

  OperationsSources src_;
};

}  // namespace im::host
