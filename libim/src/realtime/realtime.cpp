#include "im/realtime.hpp"

#include <utility>

namespace im {

namespace {

MessageService::Executor or_inline(MessageService::Executor executor) {
  if (executor) return executor;
  return [](std::function<void()> fn) { fn(); };
}

}  // namespace

struct Realtime::Parts {
  Hub hub;
  MessageService messages;  // after the hub: it pushes through it until its writer has stopped
  AdminService admin;

  Parts(Engine& engine, RealtimeOptions& options)
      : hub(engine.config().push_ack_timeout),
        messages(engine.config(), engine.message_stores(), engine.clock(), hub,
                 or_inline(std::move(options.workers)), std::move(options.messages)),
        admin(*engine.storage().admin, *engine.storage().users, engine.auth(), hub,
              engine.clock()) {}
};

Realtime::Realtime(Engine& engine, RealtimeOptions options)
    : engine_(engine), parts_(std::make_unique<Parts>(engine, options)) {
  // The bus first: recovery with other nodes leaves their live deliveries alone (8.2).
  if (options.bus) parts_->hub.set_bus(std::move(options.bus));
  parts_->messages.recover();
  engine_.sync().set_flusher([this] { parts_->messages.flush(); });
  // S7: a revoked token ends its sessions, here and on the other nodes.
  engine_.auth().on_revoked([this](UserId user, std::optional<std::string> token) {
    parts_->hub.close_sessions(user, token);
  });
  engine_.set_notify_pusher(&parts_->messages);
  engine_.set_admin(&parts_->admin);
}

Realtime::~Realtime() {
  engine_.set_admin(nullptr);
  engine_.set_notify_pusher(nullptr);
  engine_.sync().set_flusher(nullptr);
  engine_.auth().on_revoked(nullptr);
  parts_->hub.set_bus(nullptr);  // joins the bus's threads: nothing arrives from other nodes
  parts_->hub.stop_ack_timer();  // no timeout reaches the MessageService while it goes away
  parts_.reset();
}

void Realtime::connect(const std::shared_ptr<Session>& session) {
  parts_->hub.add(session);
}

void Realtime::disconnect(const Session& session) {
  parts_->hub.remove(session);
}

bool Realtime::on_message(const std::shared_ptr<Session>& from, std::string_view bytes,
                          MessageService::AckFn ack) {
  return parts_->messages.on_message(from, bytes, std::move(ack));
}

bool Realtime::on_read(const std::shared_ptr<Session>& from, std::string_view bytes,
                       MessageService::AckFn ack) {
  return parts_->messages.on_read(from, bytes, std::move(ack));
}

bool Realtime::on_notify(std::string_view bytes) {
  return parts_->messages.on_notify(bytes);
}

void Realtime::drain() {
  parts_->messages.drain();
}

Hub& Realtime::hub() {
  return parts_->hub;
}

MessageService& Realtime::messages() {
  return parts_->messages;
}

AdminService& Realtime::admin() {
  return parts_->admin;
}

}  // namespace im
