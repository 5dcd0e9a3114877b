#include "server/metrics/prometheus.hpp"

#include <fmt/format.h>

#include "server/metrics/process_metrics.hpp"

namespace im::host {

namespace {

// Label values: backslash, double quote and newline are escaped (format 0.0.4).
std::string escape(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

void family(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

// A metric of one unlabelled sample: its HELP and TYPE lines, then the value.
template <class T>
void metric(std::string& out, std::string_view name, std::string_view type, std::string_view help,
            T value) {
  family(out, name, type, help);
  out += fmt::format("{} {}\n", name, value);
}

// The process collector's families (process_metrics.hpp).
void process_metrics(std::string& out) {
  auto p = read_process_figures();
  if (!p) return;
  metric(out, "process_cpu_seconds_total", "counter", "User and system CPU time spent in seconds.",
         p->cpu_seconds);
  metric(out, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.",
         p->resident_bytes);
  metric(out, "process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.",
         p->virtual_bytes);
  metric(out, "process_start_time_seconds", "gauge",
         "Start time of the process since unix epoch in seconds.", p->start_time_seconds);
  metric(out, "process_open_fds", "gauge", "Number of open file descriptors.", p->open_fds);
  metric(out, "process_max_fds", "gauge", "Maximum number of open file descriptors.", p->max_fds);
}

}  // namespace

std::string render_prometheus(const OperationsSources& s, const HealthProbes& probes) {
  std::string out;
  out.reserve(4096);
  family(out, "im_node_info", "gauge", "This node (value 1); the node_id label names it.");
  out += fmt::format("im_node_info{{node_id=\"{}\"}} 1\n", escape(s.node_id));
  metric(out, "im_storage_up", "gauge", "1 when the storage answered a ping during this scrape.",
         probes.storage ? 1 : 0);
  if (probes.redis)
    metric(out, "im_redis_up", "gauge", "1 when Redis answered PING during this scrape.",
           *probes.redis ? 1 : 0);

  metric(out, "im_http_connections_open", "gauge", "Open HTTP connections (not yet upgraded).",
         s.http ? s.http->open_connections() : 0);
  metric(out, "im_engineio_connections_open", "gauge",
         "Open Engine.IO connections (polling and websocket).",
         s.engineio_connections ? s.engineio_connections() : 0);
  metric(out, "im_socketio_sessions", "gauge", "Authenticated Socket.IO sessions on this node.",
         s.socketio_sessions ? s.socketio_sessions() : 0);
  metric(out, "im_online_users", "gauge", "Users with at least one session on this node.",
         s.online_users ? s.online_users() : 0);

  if (s.realtime) {
    const auto& r = *s.realtime;
    auto load = [](const std::atomic<std::uint64_t>& a) {
      return a.load(std::memory_order_relaxed);
    };
    metric(out, "im_messages_stored_total", "counter", "Chat messages stored (acked 200).",
           load(r.messages_stored));
    metric(out, "im_messages_delivered_total", "counter",
           "Per receiving user: on-message pushes acked by a session (200).",
           load(r.messages_delivered));
    metric(out, "im_messages_offline_total", "counter",
           "Per receiving user: on-message with no session anywhere (204).",
           load(r.messages_offline));
    metric(out, "im_messages_failed_total", "counter",
           "Per receiving user: on-message not acked in time or refused (408).",
           load(r.messages_failed));
    metric(out, "im_bus_forwarded_total", "counter",
           "Pushes offered to the other nodes over the cross-node bus.", load(r.bus_forwarded));
    metric(out, "im_bus_timeouts_total", "counter",
           "Forwarded pushes that came back 408 (no ack, node gone or silent).",
           load(r.bus_timeouts));

    family(out, "im_ack_latency_seconds", "histogram",
           "Time from a push to the client's ack, per session.");
    const auto& h = r.ack_latency;
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < LatencyHistogram::bounds.size(); ++i) {
      cumulative += h.bucket(i);
      out += fmt::format("im_ack_latency_seconds_bucket{{le=\"{}\"}} {}\n",
                         LatencyHistogram::bounds[i], cumulative);
    }
    cumulative += h.bucket(LatencyHistogram::bounds.size());
    out += fmt::format("im_ack_latency_seconds_bucket{{le=\"+Inf\"}} {}\n", cumulative);
    out += fmt::format("im_ack_latency_seconds_sum {}\n", h.sum_seconds());
    out += fmt::format("im_ack_latency_seconds_count {}\n", cumulative);
  }

  if (s.http) {
    family(out, "im_http_requests_total", "counter",
           "HTTP requests by method, route pattern and status.");
    for (const auto& [key, n] : s.http->requests()) {
      out += fmt::format("im_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
                         escape(key.first.first), escape(key.first.second), key.second, n);
    }
  }

  if (s.db_pool) {
    if (auto pool = s.db_pool()) {
      metric(out, "im_db_pool_in_use", "gauge", "MariaDB connections leased by a request.",
             pool->first);
      metric(out, "im_db_pool_size", "gauge", "MariaDB connection pool size.", pool->second);
    }
  }
  process_metrics(out);
  return out;
}

}  // namespace im::host
