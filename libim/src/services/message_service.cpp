#include "im/services/message_service.hpp"

#include <algorithm>
#include <array>

#include "im/log_format.hpp"
#include "im/services/push_events.hpp"
#include "im/text.hpp"

namespace im {

namespace {

constexpr std::string_view kOnMessage = "on-message";
constexpr std::string_view kOnMessageSync = "on-message:sync";  // docs/protocol-extensions.md
constexpr std::string_view kOnRead = "on-message:read";
constexpr std::string_view kOnNotify = "on-notify";

void send_ack(const MessageService::AckFn& ack, const codec::AckMessage& value) {
  if (ack) ack(value);
}

// docs/contract/realtime.md 5.1 step 3.
bool valid(const codec::MessageUp& up) {
  static constexpr std::array<std::string_view, 4> types{"text", "image", "video", "audio"};
  if (std::find(types.begin(), types.end(), up.type) == types.end()) return false;
  if (up.msg_id.empty() || !fits_chars(up.msg_id, 255)) return false;
  if (up.content.size() > 65535) return false;  // bytes of UTF-8 (J4)
  if (up.ext && !fits_chars(*up.ext, 255)) return false;
  return true;
}

// The writer's sink for offline push events: the outbox, or none.
std::function<void(std::span<const PushEvent>)> offline_pushes_to(PushOutbox* outbox) {
  if (!outbox) return {};
  return [outbox](std::span<const PushEvent> events) { outbox->enqueue(events); };
}

}  // namespace

// A message on its way: checked (5.1 steps 2-3), stored, acked, delivered.
struct MessageService::Accepted {
  std::shared_ptr<Session> from;
  UserContext sender;  // the login snapshot, for senderInfo (J27)
  Message message;
  std::vector<UserId> members;  // group messages: the member list (B4)
  AckFn ack;
  DrainGate::Pass pass;  // released once the message is acked and handed out (drain())
};

MessageService::MessageService(const EngineConfig& config, Stores stores, Clock& clock, Hub& hub,
                               Executor workers, std::size_t max_batch)
    : MessageService(config, stores, clock, hub, std::move(workers),
                     Options{max_batch, {}, false, 0, {}}) {}

MessageService::MessageService(const EngineConfig& config, Stores stores, Clock& clock, Hub& hub,
                               Executor workers, Options options)
    : config_(config),
      stores_(stores),
      clock_(clock),
      hub_(hub),
      workers_(std::move(workers)),
      checks_on_writer_(options.checks_on_writer),
      group_read_stored_(std::move(options.group_read_stored)),
      push_outbox_(options.push_outbox),
      in_flight_(options.max_queued),
      writer_(
          stores.messages, clock,
          MessageWriter::Options{options.max_batch, kAbandonedAfter, config.delivery_record_linger,
                                 config.message_commit_interval, std::move(options.completions),
                                 options.max_queued, offline_pushes_to(options.push_outbox)}) {}

void MessageService::drain() {
  in_flight_.close_and_wait();
  writer_.flush();
}

void MessageService::recover() {
  const Seconds now = clock_.now_s();
  const Seconds queued_until = hub_.has_bus() ? now - kAbandonedAfter.count() : now;
  auto r = stores_.messages.recover_pending_deliveries(now, queued_until);
  if (!r) {
    log::error("recovering pending deliveries failed: {}", r.error().detail);
  } else if (*r > 0) {
    log::info("recorded {} interrupted deliveries as failed", *r);
  }
}

bool MessageService::on_message(const std::shared_ptr<Session>& from, std::string_view bytes,
                                AckFn ack) {
  auto up = codec::decode_message_up(bytes);
  if (!up) return false;
  // S6: the claimed sender must be the socket's user; no storage needed to refuse.
  if (up->sender != from->user().id) {
    send_ack(ack, codec::ack_forbidden());
    return true;
  }
  if (stores_.send_limiter && !stores_.send_limiter->try_take(up->sender)) {
    send_ack(ack, codec::ack_too_many_messages());  // not stored (issue 14)
    return true;
  }
  auto pass = in_flight_.enter();
  if (!pass) {  // stopping (drain()), or max_queued messages and receipts in flight
    send_ack(ack, codec::ack_database_error());
    return true;
  }
  auto accepted = std::make_shared<Accepted>();
  accepted->pass = std::move(pass);
  accepted->from = from;
  accepted->sender = from->user();
  accepted->ack = std::move(ack);
  auto on_stored = [this, accepted](StoreResult<MessageId> id) { stored(accepted, std::move(id)); };
  if (checks_on_writer_) {
    // The checks read storage on the writer thread, right before the batch is written.
    writer_.append(
        [this, accepted, up = std::move(*up)]() mutable -> std::optional<Message> {
          if (!admit(*accepted, up)) return std::nullopt;
          return accepted->message;
        },
        std::move(on_stored));
    return true;
  }
  workers_([this, accepted, up = std::move(*up), on_stored = std::move(on_stored)]() mutable {
    if (admit(*accepted, up)) writer_.append(accepted->message, std::move(on_stored));
  });
  return true;
}

// The storage checks of 5.1 step 2 and the validation of step 3; a refusal is acked here.
bool MessageService::admit(Accepted& a, codec::MessageUp& up) {
  const UserId me = a.sender.id;
  auto refuse = [&](const codec::AckMessage& reply) {
    send_ack(a.ack, reply);
    return false;
  };
  if (up.group_id) {
    // S13: one query answers both "exists" and "is a member"; it is also the fan-out list.
    auto members = stores_.groups.group_member_ids(*up.group_id);
    if (!members) {
      log::warn("group member lookup failed: {}", members.error().detail);
      return refuse(codec::ack_database_error());
    }
    if (std::find(members->begin(), members->end(), me) == members->end())
      return refuse(codec::ack_forbidden());
    a.members = std::move(*members);
  } else {
    if (config_.require_friendship) {  // J19
      auto friends = stores_.friends.are_friends(me, up.receiver);
      if (!friends) return refuse(codec::ack_database_error());
      if (!*friends) return refuse(codec::ack_forbidden());
    }
    // S8 and the Blocks table (docs/protocol-extensions.md), one read; the non-friend answer.
    auto blocked = stores_.blocks.refuses(up.receiver, me);
    if (!blocked) return refuse(codec::ack_database_error());
    if (*blocked) return refuse(codec::ack_forbidden());
  }
  if (!valid(up)) return refuse(codec::ack_database_error());
  Message& m = a.message;  // the client's id is ignored (S18)
  m.msg_id = std::move(up.msg_id);
  m.type = std::move(up.type);
  m.sender = me;
  m.group_id = up.group_id;
  m.receiver = up.receiver;
  m.content = std::move(up.content);
  m.timer = up.timer;
  m.ext = std::move(up.ext);
  return true;
}

void MessageService::stored(const std::shared_ptr<Accepted>& accepted, StoreResult<MessageId> id) {
  if (!id) {
    log::debug("message not stored: {}", id.error().detail);
    send_ack(accepted->ack, codec::ack_database_error());
    return;
  }
  accepted->message.id = *id;
  RealtimeStats::bump(hub_.stats().messages_stored);
  send_ack(accepted->ack, codec::ack_success());  // durable: step 5
  deliver(accepted);                              // step 6, in id order per writer batch
}

// docs/contract/realtime.md 6.2, then the bookkeeping of 8.2 per receiving user.
void MessageService::deliver(const std::shared_ptr<Accepted>& a) {
  auto bytes = std::make_shared<const std::string>(
      codec::encode_message_down(a->message, codec::SenderProfile::from(a->sender)));
  const MessageId id = a->message.id;
  // Only with the offline push on: what its events need, shared by the receivers' results.
  auto pushed = push_outbox_ ? offline_push_fields(a->message) : nullptr;
  auto result = [this, id, pushed](UserId receiver) {
    return [this, receiver, id, pushed](int status) {
      if (pushed)
        record(receiver, *pushed, status);
      else
        record(receiver, id, status);
    };
  };
  if (!a->message.group_id) {
    const UserId receiver = a->message.receiver;
    hub_.push(receiver, kOnMessage, bytes, result(receiver));
    // Multi-device sync: the sender's other devices that opted in get a copy (group messages
    // reach them as members already).
    if (receiver != a->sender.id)
      hub_.signal(a->sender.id, Feature::sync, kOnMessageSync, bytes, a->from.get());
    return;
  }
  for (UserId member : a->members) {
    if (member == a->sender.id) {
      // J21: the sending socket has the message; the user's other devices get it, and the
      // user's result is success whatever they answer.
      hub_.push(member, kOnMessage, bytes, nullptr, a->from.get());
      record(member, id, push_ok);
    } else {
      hub_.push(member, kOnMessage, bytes, result(member));
    }
  }
}

std::shared_ptr<const Message> MessageService::offline_push_fields(const Message& message) const {
  auto fields = std::make_shared<Message>();
  fields->id = message.id;
  fields->type = message.type;
  fields->sender = message.sender;
  fields->group_id = message.group_id;
  fields->receiver = message.receiver;
  if (push_outbox_->preview() && message.type == "text" && message.content) {
    if (auto prefix = utf8_prefix(*message.content, kPushPreviewChars))
      fields->content = std::string(*prefix);
  }
  return fields;
}

void MessageService::record(UserId receiver, MessageId id, int status) {
  auto& stats = hub_.stats();
  RealtimeStats::bump(status == push_ok        ? stats.messages_delivered
                      : status == push_offline ? stats.messages_offline
                                               : stats.messages_failed);
  // Batched on the writer thread: one commit for many outcomes, in order per receiver (8.2).
  writer_.record(DeliveryOutcome{receiver, id, status == push_ok});
}

void MessageService::record(UserId receiver, const Message& pushed, int status) {
  if (status != push_offline) return record(receiver, pushed.id, status);
  RealtimeStats::bump(hub_.stats().messages_offline);
  writer_.record(DeliveryOutcome{receiver, pushed.id, false},
                 message_push_event(pushed, receiver, push_outbox_->preview(), clock_.now_ms()));
}

bool MessageService::on_read(const std::shared_ptr<Session>& from, std::string_view bytes,
                             AckFn ack) {
  auto read = codec::decode_message_read(bytes);
  if (!read) return false;
  if (read->sender != from->user().id) {  // S6
    send_ack(ack, codec::ack_forbidden());
    return true;
  }
  auto pass = in_flight_.enter();
  if (!pass) {  // stopping (drain()), or max_queued messages and receipts in flight
    send_ack(ack, codec::ack_read_db_error());
    return true;
  }
  workers_([this, read = *read, ack = std::move(ack), pass = std::move(pass)] {
    auto r = stores_.messages.upsert_read(read.group_id.value_or(read.sender), read.receiver,
                                          read.id, clock_.now_s());
    if (!r) {
      log::warn("storing a read receipt failed: {}", r.error().detail);
      send_ack(ack, codec::ack_read_db_error());  // J24
      return;
    }
    send_ack(ack, codec::ack_success());
    if (read.group_id) {  // group receipts are not pushed as such (5.2 step 6)
      if (group_read_stored_) group_read_stored_(*read.group_id, read.id);  // the read counts
      return;
    }
    auto bytes = std::make_shared<const std::string>(codec::encode(read));
    const UserId receiver = read.receiver;
    hub_.push(receiver, kOnRead, bytes, [receiver](int status) {
      log::debug("read receipt push to {}: {}", receiver, status);
    });
  });
  return true;
}

bool MessageService::on_notify(std::string_view bytes) {
  return codec::decode_notify(bytes).has_value();  // J23: nothing else, no ack
}

void MessageService::push_notify(const Notify& notify, const UserContext& cause) {
  auto bytes = std::make_shared<const std::string>(
      codec::encode_notify(notify, codec::SenderProfile::from(cause)));
  const bool initial = notify.status == NotifyStatus::initial;
  // Only with the offline push on: the event in case nobody gets the notify.
  std::optional<PushEvent> offline;
  if (push_outbox_) offline = notify_push_event(notify, push_outbox_->preview(), clock_.now_ms());
  hub_.push(notify.receiver, kOnNotify, bytes,
            [this, id = notify.id, initial, offline = std::move(offline)](int status) mutable {
              if (status == push_offline && offline) {
                workers_([this, event = std::move(*offline)] {
                  push_outbox_->enqueue(std::span<const PushEvent>(&event, 1));
                });
              }
              if (status != push_ok || !initial) {
                log::debug("notify {} push result {}", id, status);
                return;
              }
              workers_([this, id] {
                static constexpr NotifyStatus from[] = {NotifyStatus::initial};
                auto r = stores_.notifies.advance_notify(id, from, NotifyStatus::received,
                                                         clock_.now_s());
                if (!r) log::warn("notify {}: status 1 -> 2 failed: {}", id, r.error().detail);
              });
            });
}

}  // namespace im
