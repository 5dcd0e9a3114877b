// The PushSender port over HTTP(S) (Beast): one POST per event to PUSH_WEBHOOK_URL, with
// Content-Type application/json, Idempotency-Key and X-IM-Signature. https verifies the
// server's certificate against the system's trust store and its host name. A fresh connection
// per post, bounded by `timeout` from connect to the end of the answer; no redirects followed.
#pragma once

#include <chrono>
#include <mutex>

#include <boost/asio/io_context.hpp>

#include "im/push_sender.hpp"
#include "server/push/webhook_url.hpp"

namespace im::host {

class HttpPushSender final : public PushSender {
 public:
  HttpPushSender(WebhookUrl url, std::chrono::milliseconds timeout);
  int post(const PushRequest& request) override;
  void cancel() override;

 private:
  WebhookUrl url_;
  std::chrono::milliseconds timeout_;
  std::mutex mutex_;
  boost::asio::io_context* current_ = nullptr;  // the post under way, under mutex_
  bool cancelled_ = false;                      // under mutex_
};

}  // namespace im::host
