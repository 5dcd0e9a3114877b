#include "js_session.hpp"

#include <utility>

#include "im/codec.hpp"

namespace im::node {

JsSession::JsSession(UserContext user, bool auto_ack, Features features, Executor ack_executor,
                     ClosedByServer on_closed)
    : user_(std::move(user)),
      auto_ack_(auto_ack),
      features_(features),
      ack_executor_(std::move(ack_executor)),
      on_closed_(std::move(on_closed)) {}

// The channel's finalizer held a reference until it ran: nothing is left to release here.
JsSession::~JsSession() = default;

void JsSession::open(Napi::Env env, Napi::Function on_event) {
  // The channel keeps its session alive until Node finalizes it (its context is this object).
  auto keep_alive = std::make_unique<std::shared_ptr<JsSession>>(shared_from_this());
  Channel channel =
      Channel::New(env, on_event, "im.session", /*maxQueueSize=*/0,
                   /*initialThreadCount=*/1, this, &JsSession::channel_finalized, keep_alive.get());
  keep_alive.release();
  std::lock_guard lock(mutex_);
  channel_ = channel;
  channel_alive_ = true;
  open_ = true;
}

bool JsSession::is_open() const {
  std::lock_guard lock(mutex_);
  return open_;
}

std::unordered_map<std::uint64_t, Session::AckCallback> JsSession::end_locked() {
  open_ = false;
  return std::exchange(acks_, {});
}

void JsSession::answer_closed(std::unordered_map<std::uint64_t, AckCallback> acks) {
  for (auto& [id, on_ack] : acks) on_ack(AckReply{AckReply::Kind::closed, {}});
}

bool JsSession::shut() {
  std::unordered_map<std::uint64_t, AckCallback> acks;
  {
    std::lock_guard lock(mutex_);
    if (!open_) return false;
    // Under the lock: Node's teardown may finalize the channel concurrently, and its finalizer
    // takes this lock before the channel is freed.
    if (channel_alive_) channel_.Release();
    channel_alive_ = false;
    acks = end_locked();
  }
  answer_closed(std::move(acks));
  return true;
}

void JsSession::close() {
  if (shut() && on_closed_) on_closed_(shared_from_this());
}

void JsSession::send(std::string_view event, SharedBytes payload, AckCallback on_ack) {
  auto pushed = std::make_unique<Pushed>(Pushed{std::string(event), std::move(payload), 0});
  {
    std::lock_guard lock(mutex_);
    if (open_) {
      if (on_ack) {
        pushed->ack_id = next_ack_id_++;
        acks_.emplace(pushed->ack_id, std::move(on_ack));
      }
      // An unbounded queue: the call never waits for the JS thread.
      if (channel_.NonBlockingCall(pushed.get()) == napi_ok) {
        pushed.release();
        return;
      }
      // The channel is closing (environment teardown): as if the session had closed.
      if (auto it = acks_.find(pushed->ack_id); it != acks_.end()) {
        on_ack = std::move(it->second);
        acks_.erase(it);
      }
    }
  }
  if (on_ack) on_ack(AckReply{AckReply::Kind::closed, {}});
}

void JsSession::deliver(Napi::Env env, Napi::Function on_event, JsSession* self, Pushed* raw) {
  std::unique_ptr<Pushed> pushed(raw);
  if (static_cast<napi_env>(env) == nullptr || on_event.IsEmpty()) return;  // teardown
  AckCallback on_ack;
  {
    std::lock_guard lock(self->mutex_);
    // Shut meanwhile: its acks were answered `closed`, the JS side no longer listens.
    if (!self->open_) return;
    if (auto it = self->acks_.find(pushed->ack_id); it != self->acks_.end()) {
      on_ack = std::move(it->second);
      self->acks_.erase(it);
    }
  }
  // Without auto-ack the callback is forgotten here: the Hub's ack timer counts the push failed.
  if (on_ack && self->auto_ack_) {
    self->ack_executor_([on_ack = std::move(on_ack)] {
      on_ack(AckReply{AckReply::Kind::binary, codec::encode(codec::ack_success())});
    });
  }
  const std::string& bytes = *pushed->payload;
  on_event.Call({Napi::String::New(env, pushed->event),
                 Napi::Buffer<char>::Copy(env, bytes.data(), bytes.size())});
}

void JsSession::channel_finalized(Napi::Env, std::shared_ptr<JsSession>* keep_alive,
                                  JsSession* self) {
  std::unordered_map<std::uint64_t, AckCallback> acks;
  {
    std::lock_guard lock(self->mutex_);
    self->channel_alive_ = false;
    acks = self->end_locked();
  }
  answer_closed(std::move(acks));
  delete keep_alive;  // may free the session: nothing after this
}

}  // namespace im::node
