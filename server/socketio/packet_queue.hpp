// The outgoing packet queue of a connection. A FIFO that holds no memory while empty: libstdc++'s
// std::deque allocates a block per object even when empty, which every idle connection would pay
// for (docs/benchmarks.md, idle memory).
#pragma once

#include <cstddef>
#include <vector>

#include "server/socketio/engineio_packet.hpp"

namespace im::eio {

class PacketQueue {
 public:
  bool empty() const { return head_ == items_.size(); }
  Packet& front() { return items_[head_]; }
  void push_back(Packet packet) { items_.push_back(std::move(packet)); }
  void pop_front() {
    items_[head_] = Packet{};
    if (++head_ == items_.size()) clear();
  }
  void clear() {
    items_.clear();
    head_ = 0;
    if (items_.capacity() > kKeptCapacity) items_.shrink_to_fit();  // after a burst
  }
  auto begin() { return items_.begin() + static_cast<std::ptrdiff_t>(head_); }
  auto end() { return items_.end(); }

 private:
  static constexpr std::size_t kKeptCapacity = 8;
  std::vector<Packet> items_;
  std::size_t head_ = 0;
};

}  // namespace im::eio
