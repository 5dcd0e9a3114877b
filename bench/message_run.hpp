// The messaging load: users in pairs, each sending 1:1 `on-message` to its peer with a window of
// in-flight acks, at max rate or a target rate, for a duration or a message count; then a
// bounded drain of outstanding acks and pushes.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "bench/im_connection.hpp"
#include "bench/latency_samples.hpp"
#include "bench/options.hpp"
#include "bench/registration.hpp"

namespace im::bench {

struct MessageResult {
  int connections = 0;
  int connect_failures = 0;
  std::uint64_t sent = 0;
  std::uint64_t acked = 0;          // AckMessage{200}
  std::uint64_t ack_errors = 0;     // other acks
  std::uint64_t exceptions = 0;     // `exception` events instead of an ack
  std::uint64_t delivered = 0;      // pushes received (and acked) at the peer
  std::uint64_t bad_pushes = 0;     // pushes that did not decode
  std::uint64_t dropped = 0;        // connections lost during the run
  std::uint64_t window_stalls = 0;  // rate mode: ticks where every sender's window was full
  double send_phase_s = 0;          // start -> last send
  double ack_span_s = 0;            // start -> last ack
  double delivery_span_s = 0;       // start -> last push
  LatencySamples ack_latency;       // send -> AckMessage
  LatencySamples delivery_latency;  // send -> push at the peer
  bool complete() const {
    return connect_failures == 0 && dropped == 0 && ack_errors == 0 && exceptions == 0 &&
           bad_pushes == 0 && sent > 0 && acked == sent && delivered == sent;
  }
};

// Hooks the caller uses to sample the server around the measured phase.
struct PhaseHooks {
  std::function<void()> on_start;  // all connected, about to send
  std::function<void()> on_end;    // everything acked/delivered or drain timed out
};

MessageResult run_messages(const Options& options, const Target& target,
                           const std::vector<User>& users, const PhaseHooks& hooks);

}  // namespace im::bench
