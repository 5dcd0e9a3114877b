// Renders the host's metrics in the Prometheus text exposition format, version 0.0.4.
#pragma once

#include <string>

#include "server/metrics/operations.hpp"

namespace im::host {

inline constexpr std::string_view prometheus_content_type =
    "text/plain; version=0.0.4; charset=utf-8";

std::string render_prometheus(const OperationsSources& sources);

}  // namespace im::host
