// MessageChangePusher over the hub: `on-message:change` to every party's devices that opted in
// to "edit", here and on the other nodes (docs/protocol-extensions.md "Recall and edit").
#pragma once

#include <memory>
#include <string>

#include "im/codec.hpp"
#include "im/hub.hpp"
#include "im/services/message_change_pusher.hpp"

namespace im {

class HubChangePusher final : public MessageChangePusher {
 public:
  explicit HubChangePusher(Hub& hub) : hub_(hub) {}

  void push_change(const Message& changed, std::span<const UserId> parties) override {
    auto bytes = std::make_shared<const std::string>(codec::encode_message_change(changed));
    for (UserId party : parties) hub_.signal(party, Feature::edit, "on-message:change", bytes);
  }

 private:
  Hub& hub_;
};

}  // namespace im
