// Renders the host's metrics in the Prometheus text exposition format, version 0.0.4.
#pragma once

#include <string>

#include "server/metrics/operations.hpp"

namespace im::host {

inline constexpr std::string_view prometheus_content_type =
    "text/plain; version=0.0.4; charset=utf-8";

// `probes`: what the health probes found just now (im_storage_up, im_redis_up).
std::string render_prometheus(const OperationsSources& sources, const HealthProbes& probes);

}  // namespace im::host
