// Command-line options of im_bench.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace im::bench {

struct Options {
  // Target: an existing server (--url) or one started here (--spawn).
  std::string url;                       // http://127.0.0.1:PORT
  std::string spawn;                     // path to im_server
  std::vector<std::string> server_args;  // extra flags for the spawned server
  std::string data_dir;                  // parent of the spawned server's temp dir
  int server_pid = 0;                    // for RSS/CPU when --url is used

  // Load mode.
  int pairs = 50;               // users = 2 * pairs; each user sends to its peer
  int window = 16;              // in-flight acks per sender
  double rate = 0;              // total msgs/s; 0 = as fast as acks allow
  double duration_s = 10;       // send phase length (ignored when messages > 0)
  std::uint64_t messages = 0;   // total messages to send; 0 = use duration
  int content_bytes = 32;       // size of `content` (at least the timestamp)
  double drain_timeout_s = 15;  // wait for outstanding acks/pushes after the send phase

  // Group mode (group_size > 0): group messages instead of 1:1 pairs.
  int group_size = 0;     // members per group
  int groups = 1;         // groups; users = groups * group_size
  int devices_pct = 10;   // % of members with a second websocket (device)
  int group_senders = 0;  // sending members per group; 0 = every member

  // Login storm (with the 1:1 load): concurrent keep-alive connections logging in again and again.
  int login_storm = 0;
  int storm_accounts = 8;  // distinct accounts they log in as (registration hashes too)

  // Idle mode.
  int idle = 0;         // > 0: open this many idle connections and report RSS per connection
  int idle_users = 20;  // users those connections are spread over (several devices each)
  double settle_s = 3;  // wait after the last connection before reading RSS
  double hold_s = 0;    // keep the idle connections open this much longer

  // Client.
  int threads = 1;       // io_context threads of the load generator
  int source_addrs = 0;  // bind clients across 127.0.0.1..N; 0 = automatic
  int connect_concurrency = 128;
  int register_concurrency = 4;

  bool smoke = false;  // ~200 messages, exit code only
  bool json = false;   // also print one JSON line with the results
};

// Parses argv; prints help and returns nullopt when asked or on a usage error (exit_code set).
std::optional<Options> parse_options(int argc, char** argv, int& exit_code);

}  // namespace im::bench
