#include "server/http/connection_limits.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <functional>

namespace im::host {

namespace {

struct Slot {
  std::function<void()> release;
  ~Slot() { release(); }
};

}  // namespace

ConnectionLimits::ConnectionLimits(std::size_t max_total, std::size_t max_per_address,
                                   std::vector<std::string> exempt_addresses)
    : max_total_(max_total),
      max_per_address_(max_per_address),
      exempt_(std::move(exempt_addresses)) {}

std::shared_ptr<void> ConnectionLimits::admit(const std::string& address) {
  const bool per_address =
      max_per_address_ != 0 && std::find(exempt_.begin(), exempt_.end(), address) == exempt_.end();
  {
    std::lock_guard lock(mutex_);
    if (max_total_ != 0 && total_ >= max_total_) return nullptr;
    if (per_address) {
      auto& n = per_address_[address];
      if (n >= max_per_address_) return nullptr;
      ++n;
    }
    ++total_;
  }
  auto slot = std::make_shared<Slot>();
  slot->release = [self = shared_from_this(), address, per_address] {
    self->release(address, per_address);
  };
  return slot;
}

void ConnectionLimits::release(const std::string& address, bool counted_per_address) {
  std::lock_guard lock(mutex_);
  --total_;
  if (!counted_per_address) return;
  if (auto it = per_address_.find(address); it != per_address_.end() && --it->second == 0)
    per_address_.erase(it);
}

std::size_t ConnectionLimits::total() const {
  std::lock_guard lock(mutex_);
  return total_;
}

std::size_t ConnectionLimits::automatic_max_total() {
  constexpr std::size_t kReserve = 256;
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 0;
  auto descriptors = static_cast<std::size_t>(limit.rlim_cur);
  return descriptors > 2 * kReserve ? descriptors - kReserve : descriptors / 2;
}

}  // namespace im::host
