// The host's offline push webhook (docs/operations.md "Offline push webhook"): libim's
// PushOutbox over the engine's outbox table, posting through HttpPushSender to
// PUSH_WEBHOOK_URL. Built only when that is set; its sender thread runs from construction until
// stop() or destruction.
#pragma once

#include <memory>

#include "im/engine.hpp"
#include "im/services/push_outbox.hpp"
#include "server/config/host_config.hpp"
#include "server/push/http_push_sender.hpp"

namespace im::host {

class PushWebhook {
 public:
  // Null when PUSH_WEBHOOK_URL is empty. `engine` must outlive the result.
  static std::unique_ptr<PushWebhook> create(const HostConfig& config, Engine& engine);

  PushOutbox& outbox() { return outbox_; }
  void stop() { outbox_.stop(); }

  PushWebhook(WebhookUrl url, const HostConfig& config, Engine& engine);

 private:
  HttpPushSender sender_;
  PushOutbox outbox_;
};

}  // namespace im::host
