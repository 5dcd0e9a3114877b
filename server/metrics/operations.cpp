#include "server/metrics/operations.hpp"

#include <boost/json/object.hpp>

#include "server/metrics/prometheus.hpp"

namespace im::host {

bool Operations::matches(std::string_view method, std::string_view path) {
  return (method == "GET" || method == "HEAD") && (path == "/healthz" || path == "/metrics");
}

Reply Operations::handle(std::string_view path) const {
  return path == "/healthz" ? health() : metrics();
}

Reply Operations::health() const {
  const bool storage = src_.database && src_.database->ping();
  boost::json::object body;
  std::optional<bool> redis;
  if (src_.redis_ping) redis = src_.redis_ping();
  const bool ok = storage && redis.value_or(true);
  body["status"] = ok ? "ok" : "unavailable";
  body["node"] = src_.node_id;
  body["storage"] = storage ? "ok" : "unavailable";
  if (redis) body["redis"] = *redis ? "ok" : "unavailable";
  Reply reply = json_reply(ok ? 200 : 503, body);
  reply.headers.emplace_back("Cache-Control", "no-store");
  return reply;
}

Reply Operations::metrics() const {
  Reply reply;
  reply.status = 200;
  reply.content_type = std::string(prometheus_content_type);
  reply.body = render_prometheus(src_);
  reply.headers.emplace_back("Cache-Control", "no-store");
  return reply;
}

}  // namespace im::host
