#include "im/realtime.hpp"

#include <chrono>
#include <utility>

#include "realtime/hub_change_pusher.hpp"

namespace im {

namespace {

MessageService::Executor or_inline(MessageService::Executor executor) {
  if (executor) return executor;
  return [](std::function<void()> fn) { fn(); };
}

TypingService::Options typing_options(const Engine& engine, TypingService::Options options) {
  options.require_friendship = engine.config().require_friendship;
  return options;
}

// The message service tells the read-count pusher about each stored group receipt.
MessageService::Options with_group_reads(MessageService::Options options, ReadCountPusher& pusher) {
  options.group_read_stored = [&pusher](GroupId group, MessageId last_read) {
    pusher.read(group, last_read, std::chrono::steady_clock::now());
  };
  return options;
}

}  // namespace

struct Realtime::Parts {
  Hub hub;
  // The extensions push through the hub; the message service feeds the read counts.
  PresenceTracker presence;
  TypingService typing;
  ReadCountPusher read_counts;
  MessageService messages;  // after the hub: it pushes through it until its writer has stopped
  AdminService admin;
  HubChangePusher changes{hub};

  Parts(Engine& engine, RealtimeOptions& options, const MessageService::Executor& workers)
      : hub(engine.config().push_ack_timeout),
        presence(hub, *engine.storage().presence, options.bus, workers, options.presence),
        typing(TypingService::Stores{*engine.storage().friends, *engine.storage().blocks,
                                     *engine.storage().groups},
               hub, workers, typing_options(engine, options.typing)),
        read_counts(*engine.storage().receipts, *engine.storage().history, hub, workers,
                    options.read_counts),
        messages(engine.config(), engine.message_stores(), engine.clock(), hub, workers,
                 with_group_reads(std::move(options.messages), read_counts)),
        admin(*engine.storage().admin, *engine.storage().users, engine.auth(), hub,
              engine.clock()) {}
};

Realtime::Realtime(Engine& engine, RealtimeOptions options)
    : engine_(engine),
      parts_(std::make_unique<Parts>(engine, options, or_inline(std::move(options.workers)))) {
  // The bus first: recovery with other nodes leaves their live deliveries alone (8.2).
  if (options.bus) parts_->hub.set_bus(std::move(options.bus));
  parts_->messages.recover();
  engine_.sync().set_flusher([this] { parts_->messages.flush(); });
  // S7: a revoked token ends its sessions, here and on the other nodes.
  engine_.auth().on_revoked([this](UserId user, std::optional<std::string> token) {
    parts_->hub.close_sessions(user, token);
  });
  engine_.set_notify_pusher(&parts_->messages);
  engine_.presence().set_directory(&parts_->presence);
  engine_.set_admin(&parts_->admin);
  engine_.message_sync().set_pusher(&parts_->changes);
}

Realtime::~Realtime() {
  engine_.set_admin(nullptr);
  engine_.presence().set_directory(nullptr);
  engine_.set_notify_pusher(nullptr);
  engine_.message_sync().set_pusher(nullptr);
  engine_.sync().set_flusher(nullptr);
  engine_.auth().on_revoked(nullptr);
  parts_->hub.set_bus(nullptr);  // joins the bus's threads: nothing arrives from other nodes
  parts_->hub.stop_ack_timer();  // no timeout reaches the MessageService while it goes away
  parts_.reset();
}

void Realtime::connect(const std::shared_ptr<Session>& session) {
  parts_->presence.connect(session);  // joins the hub
}

void Realtime::disconnect(const Session& session) {
  parts_->presence.disconnect(session, std::chrono::steady_clock::now());  // leaves the hub
  parts_->typing.forget(session);
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

bool Realtime::on_typing(const std::shared_ptr<Session>& from, std::string_view bytes) {
  return parts_->typing.on_typing(from, bytes, std::chrono::steady_clock::now());
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

PresenceTracker& Realtime::presence() {
  return parts_->presence;
}

ReadCountPusher& Realtime::read_counts() {
  return parts_->read_counts;
}

TypingService& Realtime::typing() {
  return parts_->typing;
}

AdminService& Realtime::admin() {
  return parts_->admin;
}

}  // namespace im
