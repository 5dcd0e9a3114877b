#include "bench/options.hpp"

#include <fmt/core.h>
#include <cxxopts.hpp>

namespace im::bench {

std::optional<Options> parse_options(int argc, char** argv, int& exit_code) {
  Options o;
  cxxopts::Options spec("im_bench",
                        "Load generator for im_server: 1:1 on-message over direct websockets, "
                        "group fan-out (--group-size N), or idle connections (--idle N).");
  // clang-format off
  spec.add_options()
    ("url", "an existing server, http://127.0.0.1:PORT", cxxopts::value(o.url))
    ("spawn", "start this im_server binary on a free port with a temp SQLite DB",
     cxxopts::value(o.spawn))
    ("server-arg", "extra flag for the spawned server (repeatable, e.g. --server-arg=--io-threads=1)",
     cxxopts::value(o.server_args))
    ("data-dir", "where the spawned server's temp dir goes (default: system temp)",
     cxxopts::value(o.data_dir))
    ("server-pid", "pid of the --url server, to read its RSS and CPU", cxxopts::value(o.server_pid))
    ("pairs", "user pairs; each user sends to its peer", cxxopts::value(o.pairs))
    ("window", "in-flight acks per sender", cxxopts::value(o.window))
    ("rate", "total msgs/s (0 = max)", cxxopts::value(o.rate))
    ("duration", "send phase in seconds", cxxopts::value(o.duration_s))
    ("messages", "total messages (overrides --duration)", cxxopts::value(o.messages))
    ("content-bytes", "size of the message content", cxxopts::value(o.content_bytes))
    ("drain-timeout", "seconds to wait for outstanding acks and pushes", cxxopts::value(o.drain_timeout_s))
    ("group-size", "group mode: members per group (group messages instead of 1:1 pairs)",
     cxxopts::value(o.group_size))
    ("groups", "group mode: number of groups", cxxopts::value(o.groups))
    ("devices-pct", "group mode: % of members with a second websocket", cxxopts::value(o.devices_pct))
    ("group-senders", "group mode: sending members per group (0 = all)", cxxopts::value(o.group_senders))
    ("login-storm", "1:1 mode: N connections logging in over HTTP again and again meanwhile",
     cxxopts::value(o.login_storm))
    ("storm-accounts", "accounts the login storm logs in as", cxxopts::value(o.storm_accounts))
    ("idle", "open N idle connections and report server RSS per connection", cxxopts::value(o.idle))
    ("idle-users", "users the idle connections are spread over", cxxopts::value(o.idle_users))
    ("settle", "seconds to wait before reading RSS in idle mode", cxxopts::value(o.settle_s))
    ("hold", "seconds to keep idle connections open after measuring", cxxopts::value(o.hold_s))
    ("threads", "load generator threads (one io_context each)", cxxopts::value(o.threads))
    ("source-addrs", "bind clients across 127.0.0.1..N (0 = automatic)", cxxopts::value(o.source_addrs))
    ("connect-concurrency", "websocket handshakes in flight", cxxopts::value(o.connect_concurrency))
    ("register-concurrency", "registrations in flight", cxxopts::value(o.register_concurrency))
    ("smoke", "~200 messages over 2 pairs; exit 0 only if all were acked and delivered")
    ("json", "also print the results as one JSON line")
    ("h,help", "this help");
  // clang-format on
  try {
    auto r = spec.parse(argc, argv);
    if (r.count("help")) {
      fmt::print("{}\n", spec.help());
      exit_code = 0;
      return std::nullopt;
    }
    o.smoke = r.count("smoke") > 0;
    o.json = r.count("json") > 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "im_bench: {}\n{}\n", e.what(), spec.help());
    exit_code = 2;
    return std::nullopt;
  }
  if (o.url.empty() == o.spawn.empty()) {
    fmt::print(stderr, "im_bench: give exactly one of --url and --spawn\n");
    exit_code = 2;
    return std::nullopt;
  }
  if (o.smoke) {
    o.pairs = 2;
    o.window = 8;
    o.messages = 200;
    o.rate = 0;
    o.idle = 0;
    o.group_size = 0;
    o.login_storm = 0;
  }
  if (o.pairs < 1 || o.window < 1 || o.threads < 1 || o.content_bytes < 24 || o.rate < 0 ||
      o.idle < 0 || o.idle_users < 1 || o.connect_concurrency < 1 || o.register_concurrency < 1) {
    fmt::print(stderr,
               "im_bench: pairs, window, threads, idle-users and concurrencies must be >= 1, "
               "content-bytes >= 24, rate and idle >= 0\n");
    exit_code = 2;
    return std::nullopt;
  }
  if (o.group_size < 0 || o.group_size == 1 || o.groups < 1 || o.devices_pct < 0 ||
      o.devices_pct > 100 || o.group_senders < 0 || o.login_storm < 0 || o.storm_accounts < 1 ||
      (o.group_size > 0 && (o.idle > 0 || o.login_storm > 0))) {
    fmt::print(stderr,
               "im_bench: group-size >= 2, groups and storm-accounts >= 1, devices-pct 0..100; "
               "group mode goes with neither --idle nor --login-storm\n");
    exit_code = 2;
    return std::nullopt;
  }
  return o;
}

}  // namespace im::bench
