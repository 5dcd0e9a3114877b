// Storage port: chat messages, read receipts and the delivery bookkeeping
// (docs/contract/data-model.md 2.9-2.11; docs/contract/realtime.md 8).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "im/result.hpp"
#include "im/types.hpp"

namespace im {

// One delivery outcome of a message to a receiving user (docs/contract/realtime.md 8.2).
struct DeliveryOutcome {
  UserId receiver = 0;
  MessageId message = 0;
  bool ok = false;  // per-user result 200
};

struct MessagePage {
  std::int64_t count = 0;  // matching rows before paging
  std::vector<MessageWithSender> items;
};

class MessageStore {
 public:
  virtual ~MessageStore() = default;

  // One transaction for the whole batch: inserts the rows (ids ascending in input order) and a
  // pending-delivery record per receiving user (the receiver, or every group member but the
  // sender), so that a crash never loses an unconfirmed delivery. All-or-nothing: conflict when
  // a msgId is taken (the batching writer then retries one by one).
  virtual StoreResult<std::vector<MessageId>> append_messages(std::span<const Message> batch,
                                                              Seconds now) = 0;
  // Applies the update rule of docs/contract/realtime.md 8.2 for one delivery of `message` to
  // `receiver` (ok = per-user result 200) and removes the pending record; serialised per receiver.
  virtual StoreResult<MessageAck> record_delivery(UserId receiver, MessageId message, bool ok,
                                                  Seconds now) = 0;
  // Many outcomes in input order, as one transaction where the adapter can (the batching
  // writer's path: one commit for many acks). The default applies them one by one.
  virtual StoreResult<Done> record_deliveries(std::span<const DeliveryOutcome> outcomes,
                                              Seconds now) {
    for (const auto& o : outcomes)
      if (auto r = record_delivery(o.receiver, o.message, o.ok, now); !r) return r.error();
    return Done{};
  }
  // Every pending record queued at or before `queued_until` counts as a failed delivery and
  // goes: at start-up the ones a crash left, later the ones of a node that died while sharing
  // the database (older than any live delivery can be). Returns how many.
  virtual StoreResult<std::int64_t> recover_pending_deliveries(Seconds now,
                                                               Seconds queued_until) = 0;
  // E5: lastAck = id (unchanged when nullopt), lastAckErr = NULL; pending records <= id go.
  virtual StoreResult<Done> mark_received(UserId receiver, std::optional<MessageId> id,
                                          Seconds now) = 0;
  virtual StoreResult<std::optional<MessageAck>> message_ack(UserId receiver) = 0;
  // E4: id > lastAck and (one-to-one to the user or in the user's groups), timer desc, id desc.
  virtual StoreResult<MessagePage> pending_messages(UserId receiver, std::int64_t offset,
                                                    std::int64_t limit) = 0;
  // Account export: the messages `user` sent or received (one-to-one from or to the user, and
  // the messages of the user's groups) with an id above `after`, ascending, at most `limit`.
  // Keyset paging: each page starts where the last ended, at the same cost wherever that is.
  virtual StoreResult<std::vector<Message>> messages_of_user(UserId user, MessageId after,
                                                             std::int64_t limit) = 0;
  // on-message:read (5.2): upsert MessageReads(sender, receiver).lastRead.
  virtual StoreResult<Done> upsert_read(std::int64_t sender, UserId receiver, MessageId last_read,
                                        Seconds now) = 0;
};

}  // namespace im
