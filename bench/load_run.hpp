// The websocket load shared by the 1:1 and group modes: a set of sockets, some of which send
// `on-message` to a fixed receiver (a peer or a group) with a window of in-flight acks, at max rate
// or a target rate, for a duration or a message count; every push is decoded and acked; then a
// bounded drain of outstanding acks and expected pushes.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
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
  std::uint64_t acked = 0;            // AckMessage{200}
  std::uint64_t ack_errors = 0;       // other acks
  std::uint64_t exceptions = 0;       // `exception` events instead of an ack
  std::uint64_t delivered = 0;        // pushes received (and acked) by any socket
  std::uint64_t expected_pushes = 0;  // pushes the acked messages owe (fan-out of each)
  std::uint64_t bad_pushes = 0;       // pushes that did not decode
  std::uint64_t dropped = 0;          // connections lost during the run
  std::uint64_t window_stalls = 0;    // rate mode: ticks where every sender's window was full
  double send_phase_s = 0;            // start -> last send
  double ack_span_s = 0;              // start -> last ack
  double delivery_span_s = 0;         // start -> last push
  LatencySamples ack_latency;         // send -> AckMessage
  LatencySamples delivery_latency;    // send -> push at a receiving socket
  bool complete() const {
    return connect_failures == 0 && dropped == 0 && ack_errors == 0 && exceptions == 0 &&
           bad_pushes == 0 && sent > 0 && acked == sent && delivered == expected_pushes;
  }
};

// Hooks the caller uses to sample the server around the measured phase.
struct PhaseHooks {
  std::function<void()> on_start;  // all connected, about to send
  std::function<void()> on_end;    // everything acked/delivered or drain timed out
};

// One websocket of the load and what it sends, if anything.
struct SocketPlan {
  const User* user = nullptr;  // several sockets may share a user (devices)
  bool sends = false;
  std::int64_t receiver = 0;             // MessageUp.receiver: the peer, or the group id
  std::optional<std::int64_t> group_id;  // set for group messages
  int pushes_per_message = 0;            // pushes one acked message of this socket causes
};

// Sockets that exchange messages only among themselves (a pair, a group): a unit is never split
// across load generator threads, so every push is counted by the thread that sent its message.
using SocketUnit = std::vector<SocketPlan>;

// Runs the load over `units` spread across --threads; `users` must outlive the call.
MessageResult run_load(const Options& options, const Target& target,
                       const std::vector<SocketUnit>& units, const PhaseHooks& hooks);

}  // namespace im::bench
