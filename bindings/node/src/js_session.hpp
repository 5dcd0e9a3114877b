// An im::Session whose client is JavaScript (core.connect in core_binding.cpp). The core calls
// send() on its own threads; each event crosses to the JS thread through a thread-safe function
// (one per session), which also keeps the event loop alive while the session is open. On the JS
// thread the session either acks AckMessage{200} at once (auto-ack) or never (the core's ack
// timer then counts the push failed), then hands the event to the JS callback.
//
// Life cycle: open() on the JS thread, then shut() (any thread; idempotent) releases the
// thread-safe function and answers the acks still held with `closed`. Node may also finalize the
// thread-safe function by itself at environment teardown; the session then counts as shut.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include <napi.h>

#include "im/session.hpp"

namespace im::node {

class JsSession final : public Session, public std::enable_shared_from_this<JsSession> {
 public:
  using Executor = std::function<void(std::function<void()>)>;
  // Runs (on the executor) when the core closes the session itself (a logout, S7), so that the
  // owner removes it from the realtime core as a transport does when its connection ended.
  using ClosedByServer = std::function<void(const std::shared_ptr<JsSession>&)>;

  // `ack_executor` runs the ack replies (they enter the core's bookkeeping, which may touch
  // storage: never on the JS thread).
  JsSession(UserContext user, bool auto_ack, Features features, Executor ack_executor,
            ClosedByServer on_closed);
  ~JsSession() override;

  // Starts delivering to `on_event(event, buffer)`. JS thread; once.
  void open(Napi::Env env, Napi::Function on_event);
  // Ends the session (idempotent, any thread). True when this call ended it.
  bool shut();
  bool is_open() const;

  const UserContext& user() const override { return user_; }
  void send(std::string_view event, SharedBytes payload, AckCallback on_ack) override;
  void close() override;
  Features features() const override { return features_; }

 private:
  struct Pushed {
    std::string event;
    SharedBytes payload;
    std::uint64_t ack_id = 0;  // 0: no ack requested
  };
  static void deliver(Napi::Env env, Napi::Function on_event, JsSession* self, Pushed* pushed);
  using Channel = Napi::TypedThreadSafeFunction<JsSession, Pushed, &JsSession::deliver>;

  static void channel_finalized(Napi::Env env, std::shared_ptr<JsSession>* keep_alive,
                                JsSession* self);
  // Under mutex_: marks the session shut and takes the acks still held, to answer `closed`.
  std::unordered_map<std::uint64_t, AckCallback> end_locked();
  static void answer_closed(std::unordered_map<std::uint64_t, AckCallback> acks);

  const UserContext user_;
  const bool auto_ack_;
  const Features features_;
  const Executor ack_executor_;
  const ClosedByServer on_closed_;

  mutable std::mutex mutex_;
  bool open_ = false;
  bool channel_alive_ = false;  // created and not yet released nor finalized
  Channel channel_;
  std::uint64_t next_ack_id_ = 1;
  std::unordered_map<std::uint64_t, AckCallback> acks_;  // sent, not yet seen by JS
};

}  // namespace im::node
