// The outgoing queues of a connection. A FIFO that holds no memory while empty: libstdc++'s
// std::deque allocates a block per object even when empty, which every idle connection would pay
// for (docs/benchmarks.md, idle memory).
#pragma once

#include <cstddef>
#include <vector>

#include "server/socketio/engineio_packet.hpp"

namespace im::eio {

template <class T>
class Fifo {
 public:
  bool empty() const { return head_ == items_.size(); }
  std::size_t size() const { return items_.size() - head_; }
  T& front() { return items_[head_]; }
  T& operator[](std::size_t i) { return items_[head_ + i]; }
  void push_back(T item) { items_.push_back(std::move(item)); }
  void pop_front() {
    items_[head_] = T{};
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
  std::vector<T> items_;
  std::size_t head_ = 0;
};

using PacketQueue = Fifo<Packet>;

}  // namespace im::eio
