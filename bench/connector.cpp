#include "bench/connector.hpp"

namespace im::bench {

boost::asio::ip::address_v4 source_address(std::size_t i, int count) {
  const auto n = static_cast<std::size_t>(count < 1 ? 1 : count);
  return boost::asio::ip::address_v4((127u << 24) | static_cast<unsigned>(1 + i % n));
}

int auto_source_addresses(std::size_t connections) {
  return static_cast<int>(1 + connections / 20000);
}

void Connector::start() {
  // A connection that fails at once (no descriptors left) settles inside start(): the loop
  // below goes on instead of recursing once per connection (a stack overflow at 100,000).
  if (starting_) return;
  starting_ = true;
  while (in_flight_ < concurrency_ && next_ < pending_.size()) {
    ++in_flight_;
    pending_[next_++]->start();
  }
  starting_ = false;
}

void Connector::settled() {
  ++settled_;
  if (in_flight_ > 0) --in_flight_;
  start();
}

}  // namespace im::bench
