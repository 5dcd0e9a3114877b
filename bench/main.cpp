// im_bench: load generator for im_server (docs/benchmarks.md). Starts or connects to a server,
// registers users over HTTP, then runs 1:1 messaging between pairs of direct websocket clients
// (optionally beside a login storm), group fan-out, or idle connections, and prints throughput,
// latency, server CPU and server memory.
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>

#include <fmt/core.h>
#include <boost/asio/ip/address.hpp>
#include <boost/url/parse.hpp>

#include "bench/group_run.hpp"
#include "bench/idle_run.hpp"
#include "bench/interrupt.hpp"
#include "bench/login_storm.hpp"
#include "bench/message_run.hpp"
#include "bench/options.hpp"
#include "bench/proc_stats.hpp"
#include "bench/registration.hpp"
#include "bench/report.hpp"
#include "bench/server_process.hpp"

namespace {

using namespace im::bench;
namespace asio = boost::asio;

double self_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto sec = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return sec(u.ru_utime) + sec(u.ru_stime);
}

asio::ip::tcp::endpoint parse_url(const std::string& url) {
  auto u = boost::urls::parse_uri(url);
  if (!u || u->port().empty())
    throw std::runtime_error("--url must look like http://127.0.0.1:PORT");
  return {asio::ip::make_address(std::string(u->host())),
          static_cast<unsigned short>(std::stoi(std::string(u->port())))};
}

int run(const Options& o) {
  const auto fd_limit = raise_fd_limit();
  const int user_count = o.idle > 0         ? std::min(o.idle_users, o.idle)
                         : o.group_size > 0 ? o.groups * o.group_size
                                            : o.pairs * 2;
  const std::size_t connections =
      o.idle > 0         ? static_cast<std::size_t>(o.idle)
      : o.group_size > 0 ? static_cast<std::size_t>(user_count) * (100 + o.devices_pct) / 100 + 1
                         : static_cast<std::size_t>(user_count);
  if (fd_limit < connections + 64)
    fmt::print(stderr, "im_bench: warning: fd limit {} is below {} connections\n", fd_limit,
               connections);

  std::unique_ptr<ServerProcess> server;
  // Owned by run(); the interrupt thread only reads the pointer set below, then exits the process.
  static std::atomic<ServerProcess*> live_server{nullptr};
  on_interrupt([] {
    if (auto* s = live_server.load()) s->cleanup();
  });
  Target target;
  int server_pid = o.server_pid;
  if (!o.spawn.empty()) {
    server = std::make_unique<ServerProcess>(o.spawn, o.server_args, o.data_dir);
    live_server = server.get();
    server_pid = server->pid();
    target.endpoint = {asio::ip::make_address("127.0.0.1"), server->port()};
  } else {
    target.endpoint = parse_url(o.url);
  }
  target.host = fmt::format("{}:{}", target.endpoint.address().to_string(), target.endpoint.port());
  auto server_rss = [server_pid]() -> std::optional<std::int64_t> {
    return server_pid > 0 ? rss_kib(server_pid) : std::nullopt;
  };

  // The login storm's accounts are registered with the others (one random account base).
  const int storm_accounts = o.login_storm > 0 ? o.storm_accounts : 0;
  const auto reg_start = std::chrono::steady_clock::now();
  auto users = register_users(target.endpoint, user_count + storm_accounts, o.register_concurrency);
  std::vector<std::string> storm_logins;
  for (int i = 0; i < storm_accounts; ++i) {
    storm_logins.push_back(users.back().account);
    users.pop_back();
  }
  fmt::print("im_bench: server {} (pid {}), registered {} users in {:.1f} s\n", target.host,
             server_pid > 0 ? std::to_string(server_pid) : std::string("unknown"),
             users.size() + storm_logins.size(),
             std::chrono::duration<double>(std::chrono::steady_clock::now() - reg_start).count());

  int exit_code = 0;
  if (o.idle > 0) {
    auto r = run_idle(o, target, users, server_rss);
    print_idle_report(o, r);
    exit_code = r.failed == 0 && r.dropped == 0 ? 0 : 1;
  } else {
    CpuUse cpu;
    std::optional<CpuTimes> server_cpu0;
    double client_cpu0 = 0;
    std::chrono::steady_clock::time_point t0;
    std::optional<LoginStorm> storm;
    LoginStormResult storm_result;
    if (o.login_storm > 0) storm.emplace(target.endpoint, storm_logins, o.login_storm);
    PhaseHooks hooks;
    hooks.on_start = [&] {
      server_cpu0 = server_pid > 0 ? cpu_seconds(server_pid) : std::nullopt;
      client_cpu0 = self_cpu_seconds();
      t0 = std::chrono::steady_clock::now();
      if (storm) storm->start();
    };
    hooks.on_end = [&] {
      if (storm) storm_result = storm->stop();
      cpu.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      cpu.client_s = self_cpu_seconds() - client_cpu0;
      auto s1 = server_pid > 0 ? cpu_seconds(server_pid) : std::nullopt;
      if (server_cpu0 && s1) {
        cpu.server_s = s1->total() - server_cpu0->total();
        cpu.server_kernel_s = s1->system_s - server_cpu0->system_s;
      }
    };
    if (o.group_size > 0) {
      auto r = run_groups(o, target, users, hooks);
      print_group_report(o, r, cpu, server_rss());
      exit_code = r.load.complete() ? 0 : 1;
    } else {
      auto r = run_messages(o, target, users, hooks);
      print_message_report(o, r, cpu, server_rss());
      exit_code = r.complete() ? 0 : 1;
      if (storm) print_login_storm_report(o, storm_result);
    }
  }

  if (server) {
    live_server = nullptr;
    const int status = server->stop();
    if (status != 0) {
      fmt::print(stderr, "im_bench: im_server exited with status {}\n", status);
      exit_code = 1;
    }
  }
  return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
  int exit_code = 0;
  auto options = parse_options(argc, argv, exit_code);
  if (!options) return exit_code;
  try {
    return run(*options);
  } catch (const std::exception& e) {
    fmt::print(stderr, "im_bench: {}\n", e.what());
    return 1;
  }
}
