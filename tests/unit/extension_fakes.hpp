// Fakes shared by the unit tests of the realtime extensions (typing, presence, read counts): a
// Session with a feature set that records what it is sent, an inline executor.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "im/features.hpp"
#include "im/session.hpp"

namespace im_test {

struct FeatureSession : im::Session {
  im::UserContext ctx;
  im::Features opted;
  mutable std::mutex mutex;
  std::vector<std::pair<std::string, std::string>> sent;  // event, bytes

  FeatureSession(im::UserId user, std::initializer_list<im::Feature> features = {}) {
    ctx.id = user;
    ctx.token = "t";
    for (auto f : features) opted.add(f);
  }
  const im::UserContext& user() const override { return ctx; }
  im::Features features() const override { return opted; }
  void send(std::string_view event, im::SharedBytes payload, AckCallback) override {
    std::lock_guard lock(mutex);
    sent.emplace_back(std::string(event), *payload);
  }
  void close() override {}
  std::vector<std::pair<std::string, std::string>> events() const {
    std::lock_guard lock(mutex);
    return sent;
  }
};

inline auto inline_executor() {
  return [](std::function<void()> fn) { fn(); };
}

}  // namespace im_test
