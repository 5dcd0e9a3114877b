#include <memory>

#include "im/bus.hpp"
#include "im/hub.hpp"

namespace im {

namespace {

class LocalBus final : public Bus {
 public:
  const std::string& node_id() const override { return id_; }
  void attach(BusReceiver*) override {}
  void joined(UserId) override {}
  void left(UserId) override {}
  void forward(UserId, std::string_view, SharedBytes, ResultCallback done) override {
    if (done) done(push_offline);
  }
  void close_sessions(UserId, const std::optional<std::string>&) override {}

 private:
  std::string id_ = "local";
};

}  // namespace

std::shared_ptr<Bus> make_local_bus() {
  return std::make_shared<LocalBus>();
}

}  // namespace im
