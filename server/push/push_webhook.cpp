#include "server/push/push_webhook.hpp"

#include "im/log_format.hpp"

namespace im::host {

namespace {

// A post answered after this long counts as failed (and is tried again later).
constexpr std::chrono::milliseconds kPostTimeout{10000};

PushOutbox::Options outbox_options(const HostConfig& config) {
  PushOutbox::Options options;
  options.secret = config.push_webhook_secret;
  options.preview = config.push_webhook_preview;
  options.retry.first = std::chrono::milliseconds(config.push_webhook_retry_ms);
  // Retries and other nodes' rows are looked for at least as often as the first retry is due.
  options.poll_interval = std::min(options.poll_interval, options.retry.first);
  options.post_timeout = kPostTimeout;
  return options;
}

}  // namespace

std::unique_ptr<PushWebhook> PushWebhook::create(const HostConfig& config, Engine& engine) {
  if (config.push_webhook_url.empty()) return nullptr;
  auto url = parse_webhook_url(config.push_webhook_url);
  if (!url) throw std::runtime_error("PUSH_WEBHOOK_URL is not an http(s) URL");
  auto webhook = std::make_unique<PushWebhook>(std::move(*url), config, engine);
  if (config.push_webhook_secret.empty())
    log::warn("PUSH_WEBHOOK_SECRET is not set: webhook events go out unsigned");
  webhook->outbox_.start();
  return webhook;
}

PushWebhook::PushWebhook(WebhookUrl url, const HostConfig& config, Engine& engine)
    : sender_(std::move(url), kPostTimeout),
      outbox_(*engine.storage().push_outbox, sender_, engine.clock(), outbox_options(config)) {}

}  // namespace im::host
