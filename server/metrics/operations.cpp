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

HealthProbes Operations::probe() const {
  HealthProbes found;
  found.storage = src_.database && src_.database->ping();
  if (src_.redis_ping) found.redis = src_.redis_ping();
  return found;
}

Reply Operations::health() const {
  const HealthProbes found = probe();
  boost::json::object body;
  body["status"] = found.ok() ? "ok" : "unavailable";
  body["node"] = src_.node_id;
  body["storage"] = found.storage ? "ok" : "unavailable";
  if (found.redis) body["redis"] = *found.redis ? "ok" : "unavailable";
  Reply reply = json_reply(found.ok() ? 200 : 503, body);
  reply.headers.emplace_back("Cache-Control", "no-store");
  return reply;
}

Reply Operations::metrics() const {
  Reply reply;
  reply.status = 200;
  reply.content_type = std::string(prometheus_content_type);
  reply.body = render_prometheus(src_, probe());
  reply.headers.emplace_back("Cache-Control", "no-store");
  return reply;
}

}  // namespace im::host
