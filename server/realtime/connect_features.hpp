// The protocol extensions a socket asks for in its Socket.IO CONNECT payload
// (docs/protocol-extensions.md "Opting in"): {"features":["sync","typing",...]}.
#pragma once

#include <boost/json/value.hpp>

#include "im/features.hpp"

namespace im::host {

// Unknown names and anything that is not a list of strings are ignored: a client that sends no
// payload, or one the original server would have ignored, gets no feature and today's events.
Features features_from_connect_payload(const boost::json::value& payload);

}  // namespace im::host
