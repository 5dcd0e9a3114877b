#include "bench/report.hpp"

#include <fmt/core.h>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace im::bench {
namespace {

double per_second(std::uint64_t n, double s) {
  return s > 0 ? static_cast<double>(n) / s : 0;
}

std::uint64_t error_count(const MessageResult& r) {
  return r.ack_errors + r.exceptions + r.bad_pushes + r.dropped +
         static_cast<std::uint64_t>(r.connect_failures);
}

void print_errors(const MessageResult& r) {
  fmt::print(
      "  errors          {:>10}   (ack!=200 {}, exception {}, bad push {}, dropped {}, "
      "connect {})\n",
      error_count(r), r.ack_errors, r.exceptions, r.bad_pushes, r.dropped, r.connect_failures);
}

std::string rate_text(const Options& o) {
  return o.rate > 0 ? fmt::format("{:.0f} msgs/s", o.rate) : std::string("max");
}

// What every load report prints after its latencies: errors, stalls, the server's CPU; then the
// caller's per-operation figures, then print_costs_end.
void print_costs_begin(const Options& o, const MessageResult& r, const CpuUse& cpu) {
  print_errors(r);
  if (o.rate > 0)
    fmt::print("  window stalls   {:>10}   (1 ms ticks behind schedule)\n", r.window_stalls);
  if (cpu.server_s)
    fmt::print(
        "  server CPU      {:>9.0f}%   of one core over {:.2f} s ({:.0f}% of it in the kernel)\n",
        100 * *cpu.server_s / cpu.wall_s, cpu.wall_s,
        *cpu.server_s > 0 ? 100 * cpu.server_kernel_s.value_or(0) / *cpu.server_s : 0.0);
}

void print_costs_end(const MessageResult& r, const CpuUse& cpu,
                     std::optional<std::int64_t> server_rss_kib, const char* complete_text) {
  fmt::print("  im_bench CPU    {:>9.0f}%   of one core\n", 100 * cpu.client_s / cpu.wall_s);
  if (server_rss_kib) fmt::print("  server RSS      {:>10} KiB\n", *server_rss_kib);
  fmt::print("  result: {}\n", r.complete() ? complete_text : "INCOMPLETE (see errors / counts)");
}

}  // namespace

void print_message_report(const Options& o, MessageResult& r, const CpuUse& cpu,
                          std::optional<std::int64_t> server_rss_kib) {
  const double acked_rate = per_second(r.acked, r.ack_span_s);
  const double delivered_rate = per_second(r.delivered, r.delivery_span_s);
  const double ack50 = r.ack_latency.percentile_ms(50), ack99 = r.ack_latency.percentile_ms(99);
  const double del50 = r.delivery_latency.percentile_ms(50),
               del99 = r.delivery_latency.percentile_ms(99);
  const double ack_max = r.ack_latency.max_ms(), del_max = r.delivery_latency.max_ms();
  const std::uint64_t errors = error_count(r);

  fmt::print(
      "im_bench: {} connections ({} pairs), window {}, rate {}, content {} B, {} thread(s)\n",
      r.connections, o.pairs, o.window, rate_text(o), o.content_bytes, o.threads);
  fmt::print("  sent            {:>10}   in {:.2f} s\n", r.sent, r.send_phase_s);
  fmt::print("  acked (200)     {:>10}   {:>10.0f} msgs/s\n", r.acked, acked_rate);
  fmt::print("  delivered       {:>10}   {:>10.0f} msgs/s\n", r.delivered, delivered_rate);
  fmt::print("  ack latency      p50 {:8.2f} ms   p99 {:8.2f} ms   max {:8.2f} ms\n", ack50, ack99,
             ack_max);
  fmt::print("  delivery latency p50 {:8.2f} ms   p99 {:8.2f} ms   max {:8.2f} ms\n", del50, del99,
             del_max);
  print_costs_begin(o, r, cpu);
  // The figure of merit (docs/benchmarks.md): server CPU time per acked message, all of its
  // work included (receive, check, store, ack, push, the receiver's ack, bookkeeping).
  if (cpu.server_s && r.acked > 0)
    fmt::print("  server CPU/msg  {:>10.1f}   us\n",
               1e6 * *cpu.server_s / static_cast<double>(r.acked));
  print_costs_end(r, cpu, server_rss_kib, "every message acked 200 and delivered");

  if (o.json) {
    boost::json::object j{{"mode", "messages"},
                          {"connections", r.connections},
                          {"window", o.window},
                          {"rate", o.rate},
                          {"sent", r.sent},
                          {"acked", r.acked},
                          {"delivered", r.delivered},
                          {"acked_per_s", acked_rate},
                          {"delivered_per_s", delivered_rate},
                          {"ack_p50_ms", ack50},
                          {"ack_p99_ms", ack99},
                          {"delivery_p50_ms", del50},
                          {"delivery_p99_ms", del99},
                          {"errors", errors},
                          {"client_cpu", cpu.client_s / cpu.wall_s}};
    if (cpu.server_s) j["server_cpu"] = *cpu.server_s / cpu.wall_s;
    if (cpu.server_kernel_s) j["server_cpu_kernel_s"] = *cpu.server_kernel_s;
    if (cpu.server_s && r.acked > 0)
      j["server_cpu_us_per_msg"] = 1e6 * *cpu.server_s / static_cast<double>(r.acked);
    if (server_rss_kib) j["server_rss_kib"] = *server_rss_kib;
    fmt::print("{}\n", boost::json::serialize(j));
  }
}

void print_group_report(const Options& o, GroupResult& g, const CpuUse& cpu,
                        std::optional<std::int64_t> server_rss_kib) {
  MessageResult& r = g.load;
  const double acked_rate = per_second(r.acked, r.ack_span_s);
  const double push_rate = per_second(r.delivered, r.delivery_span_s);
  const double ack50 = r.ack_latency.percentile_ms(50), ack99 = r.ack_latency.percentile_ms(99);
  const double push50 = r.delivery_latency.percentile_ms(50),
               push99 = r.delivery_latency.percentile_ms(99);
  const double ack_max = r.ack_latency.max_ms(), push_max = r.delivery_latency.max_ms();

  fmt::print(
      "im_bench groups: {} connections ({} group(s) x {} sockets), window {}, rate {}, content "
      "{} B, {} thread(s)\n",
      r.connections, o.groups, g.sockets_per_group, o.window, rate_text(o), o.content_bytes,
      o.threads);
  fmt::print("  sent            {:>10}   group messages in {:.2f} s\n", r.sent, r.send_phase_s);
  fmt::print("  acked (200)     {:>10}   {:>10.0f} msgs/s\n", r.acked, acked_rate);
  fmt::print("  pushes          {:>10}   {:>10.0f} pushes/s   (expected {})\n", r.delivered,
             push_rate, r.expected_pushes);
  fmt::print("  ack latency      p50 {:8.2f} ms   p99 {:8.2f} ms   max {:8.2f} ms\n", ack50, ack99,
             ack_max);
  fmt::print("  push latency     p50 {:8.2f} ms   p99 {:8.2f} ms   max {:8.2f} ms\n", push50,
             push99, push_max);
  print_costs_begin(o, r, cpu);
  if (cpu.server_s && r.acked > 0)
    fmt::print("  server CPU/msg  {:>10.1f}   us per group message\n",
               1e6 * *cpu.server_s / static_cast<double>(r.acked));
  // The fan-out figure of merit: one push is one socket's encode, frame, write and its ack.
  if (cpu.server_s && r.delivered > 0)
    fmt::print("  server CPU/push {:>10.2f}   us\n",
               1e6 * *cpu.server_s / static_cast<double>(r.delivered));
  print_costs_end(r, cpu, server_rss_kib, "every message acked 200 and every push delivered");

  if (o.json) {
    boost::json::object j{{"mode", "groups"},
                          {"connections", r.connections},
                          {"groups", o.groups},
                          {"group_size", o.group_size},
                          {"sockets_per_group", g.sockets_per_group},
                          {"window", o.window},
                          {"rate", o.rate},
                          {"sent", r.sent},
                          {"acked", r.acked},
                          {"pushes", r.delivered},
                          {"expected_pushes", r.expected_pushes},
                          {"acked_per_s", acked_rate},
                          {"pushes_per_s", push_rate},
                          {"ack_p50_ms", ack50},
                          {"ack_p99_ms", ack99},
                          {"push_p50_ms", push50},
                          {"push_p99_ms", push99},
                          {"errors", error_count(r)},
                          {"client_cpu", cpu.client_s / cpu.wall_s}};
    if (cpu.server_s) j["server_cpu"] = *cpu.server_s / cpu.wall_s;
    if (cpu.server_kernel_s) j["server_cpu_kernel_s"] = *cpu.server_kernel_s;
    if (cpu.server_s && r.acked > 0)
      j["server_cpu_us_per_msg"] = 1e6 * *cpu.server_s / static_cast<double>(r.acked);
    if (cpu.server_s && r.delivered > 0)
      j["server_cpu_us_per_push"] = 1e6 * *cpu.server_s / static_cast<double>(r.delivered);
    if (server_rss_kib) j["server_rss_kib"] = *server_rss_kib;
    fmt::print("{}\n", boost::json::serialize(j));
  }
}

void print_login_storm_report(const Options& o, LoginStormResult& r) {
  const double p50 = r.latency.percentile_ms(50), p99 = r.latency.percentile_ms(99);
  fmt::print("im_bench login storm: {} connections over {} accounts for {:.2f} s\n", o.login_storm,
             o.storm_accounts, r.span_s);
  fmt::print("  logins (200)    {:>10}   {:>10.1f} logins/s\n", r.ok, per_second(r.ok, r.span_s));
  fmt::print("  login latency    p50 {:8.2f} ms   p99 {:8.2f} ms   max {:8.2f} ms\n", p50, p99,
             r.latency.max_ms());
  fmt::print("  503 (busy)      {:>10}   other status {}, connection errors {}\n", r.busy, r.other,
             r.errors);
  if (o.json) {
    boost::json::object j{{"mode", "login-storm"}, {"connections", o.login_storm},
                          {"logins", r.ok},        {"logins_per_s", per_second(r.ok, r.span_s)},
                          {"login_p50_ms", p50},   {"login_p99_ms", p99},
                          {"busy_503", r.busy},    {"other", r.other},
                          {"errors", r.errors}};
    fmt::print("{}\n", boost::json::serialize(j));
  }
}

void print_idle_report(const Options& o, const IdleResult& r) {
  fmt::print(
      "im_bench idle: {} of {} connections up in {:.2f} s ({} failed, {} dropped), over {} "
      "users\n",
      r.connected, r.requested, r.connect_s, r.failed, r.dropped, o.idle_users);
  std::optional<double> per_conn;
  if (r.rss_before_kib && r.rss_after_kib) {
    per_conn = r.connected > 0 ? static_cast<double>(*r.rss_after_kib - *r.rss_before_kib) *
                                     1024.0 / r.connected
                               : 0.0;
    fmt::print(
        "  server RSS before {} KiB, after {} KiB: {:.0f} bytes ({:.2f} KiB) per connection\n",
        *r.rss_before_kib, *r.rss_after_kib, *per_conn, *per_conn / 1024.0);
  } else {
    fmt::print("  server RSS unknown (use --spawn or --server-pid)\n");
  }
  if (o.json) {
    boost::json::object j{{"mode", "idle"},
                          {"requested", r.requested},
                          {"connected", r.connected},
                          {"failed", r.failed}};
    if (per_conn) j["rss_bytes_per_connection"] = *per_conn;
    fmt::print("{}\n", boost::json::serialize(j));
  }
}

}  // namespace im::bench
