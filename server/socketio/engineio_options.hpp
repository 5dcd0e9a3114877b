// The settings of an Engine.IO server and of its connections (docs/contract/realtime.md 2).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace im::eio {

struct EngineIoOptions {
  // The request path, with or without its trailing slash (J25).
  std::string path = "/engine.io/";
  std::chrono::milliseconds ping_interval{25000};
  std::chrono::milliseconds ping_timeout{20000};
  std::chrono::milliseconds upgrade_timeout{10000};
  std::size_t max_payload = 1000000;
  // S16: a client that does not read is dropped once this much waits for it.
  std::size_t max_queued_bytes = 8 * 1000000;
  // A websocket being closed is closed hard after this long (WS_CLOSE_GRACE): a peer that reads
  // nothing must not hold its connection and kernel buffers.
  std::chrono::milliseconds close_grace{5000};
  // CORS (docs/contract/realtime.md 2.7): an Origin in this list is echoed; with `any_origin` every
  // answer says `Access-Control-Allow-Origin: *` instead (the protocol test suites' servers do).
  std::vector<std::string> allowed_origins;
  bool any_origin = false;
  // Sessions at most, authenticated or not (0 = no limit): a polling session holds no TCP
  // connection, so the connection limits alone do not bound them. Past it a handshake gets 503.
  std::size_t max_sessions = 0;
  // docs/contract/realtime.md 2.5 answers a websocket upgrade for a connection that cannot upgrade
  // (already upgraded, or upgrading) with HTTP 400. The reference Engine.IO server instead
  // completes the handshake and closes that websocket at once; the protocol test suites expect
  // that.
  bool refuse_bad_upgrade_with_400 = true;
};

}  // namespace im::eio
