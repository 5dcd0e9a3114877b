// Caps on open connections (issue 11): a global maximum and one per client address. A new
// connection over either cap is closed at once (the newest loses; established connections are
// never dropped for it). The per-address count is by TCP peer; trusted proxies (TRUSTED_PROXIES)
// are exempt from it, since every client behind them shares their address.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace im::host {

class ConnectionLimits : public std::enable_shared_from_this<ConnectionLimits> {
 public:
  // 0 = no limit.
  ConnectionLimits(std::size_t max_total, std::size_t max_per_address,
                   std::vector<std::string> exempt_addresses);

  // A slot for a new connection from `address`: held as long as the connection lives (it
  // travels with the connection's NetStream). Null when a limit is reached.
  std::shared_ptr<void> admit(const std::string& address);

  std::size_t total() const;
  std::size_t max_total() const { return max_total_; }
  std::size_t max_per_address() const { return max_per_address_; }

  // The default of MAX_CONNECTIONS = 0: the descriptor limit (RLIMIT_NOFILE) minus a reserve for
  // database, Redis, log and upload files, so that accepting never runs out of descriptors.
  static std::size_t automatic_max_total();

 private:
  void release(const std::string& address, bool counted_per_address);

  const std::size_t max_total_;
  const std::size_t max_per_address_;
  const std::vector<std::string> exempt_;
  mutable std::mutex mutex_;
  std::size_t total_ = 0;
  std::unordered_map<std::string, std::size_t> per_address_;
};

}  // namespace im::host
