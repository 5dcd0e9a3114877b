// Opening many connections: source addresses spread across 127.0.0.1..N (each source address
// has its own ephemeral port range) and a bound on handshakes in flight, so the server's accept
// backlog never overflows.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include <boost/asio/ip/address_v4.hpp>

#include "bench/im_connection.hpp"

namespace im::bench {

// 127.0.0.(1 + i % count).
boost::asio::ip::address_v4 source_address(std::size_t i, int count);
// Enough source addresses that each uses at most ~20,000 ephemeral ports.
int auto_source_addresses(std::size_t connections);

// Starts queued connections, at most `concurrency` at a time; call settled() once per
// connection when it connected or failed. Single-threaded (one io_context).
class Connector {
 public:
  explicit Connector(std::size_t concurrency) : concurrency_(concurrency) {}
  void add(std::shared_ptr<ImConnection> c) { pending_.push_back(std::move(c)); }
  void start();
  void settled();
  std::size_t settled_count() const { return settled_; }

 private:
  std::size_t concurrency_;
  std::vector<std::shared_ptr<ImConnection>> pending_;
  std::size_t next_ = 0;
  std::size_t in_flight_ = 0;
  std::size_t settled_ = 0;
  bool starting_ = false;
};

}  // namespace im::bench
