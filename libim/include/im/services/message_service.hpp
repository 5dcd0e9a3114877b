// The three client events (docs/contract/realtime.md 5) and the server pushes built on them
// (6.2-6.4). Transport-agnostic: the host decodes Socket.IO, hands the binary argument here
// together with the sending Session and an ack function, and sends the `exception` event when a
// handler returns false (3.4).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string_view>

#include "im/clock.hpp"
#include "im/codec.hpp"
#include "im/config.hpp"
#include "im/drain_gate.hpp"
#include "im/hub.hpp"
#include "im/message_writer.hpp"
#include "im/send_limiter.hpp"
#include "im/services/notify_pusher.hpp"
#include "im/services/push_outbox.hpp"
#include "im/session.hpp"
#include "im/storage/block_store.hpp"
#include "im/storage/friend_store.hpp"
#include "im/storage/group_store.hpp"
#include "im/storage/message_store.hpp"
#include "im/storage/notify_store.hpp"

namespace im {

class MessageService : public NotifyPusher {
 public:
  // Runs blocking work (storage calls) off the I/O threads, e.g. on a thread pool.
  using Executor = std::function<void(std::function<void()>)>;
  // Sends an ack to the emitting socket; empty when the client asked for none.
  using AckFn = std::function<void(const codec::AckMessage&)>;

  // The ports it uses (Engine::message_stores() hands out the engine's).
  struct Stores {
    MessageStore& messages;  // the messages, receipts and delivery bookkeeping
    GroupStore& groups;      // a group message's members (5.1)
    FriendStore& friends;    // the friendship check (5.1, J19)
    NotifyStore& notifies;   // a pushed notify's status (6.4)
    BlockStore& blocks;      // blocks and the S8 flag, in one read (5.1)
    // Per-user send limits, checked before anything else is done with a message; none when
    // null. Not a storage port, but handed out with them by Engine::message_stores().
    SendLimiter* send_limiter = nullptr;
  };

  MessageService(const EngineConfig& config, Stores stores, Clock& clock, Hub& hub,
                 Executor workers, std::size_t max_batch = 256);

  struct Options {
    std::size_t max_batch = 256;  // messages per transaction at most
    // Runs the acks and pushes of each stored batch (one task per batch), e.g. on the host's
    // I/O threads; empty = on the writer thread.
    Executor completions;
    // The checks of an incoming message (friendship, block, membership) run on the writer
    // thread instead of `workers`: one hand-off less per message where storage reads are local
    // and cheap (the embedded SQLite store); over a network database they would hold up the
    // writer, so they stay on the workers there.
    bool checks_on_writer = false;
    // Messages waiting for the writer, at most (0 = no limit); past it a message is answered
    // with the database-error ack at once (MessageWriter::Options::max_queued). The same bound
    // holds for messages and read receipts between their arrival and their ack, so the worker
    // queue in front of the writer (checks over a network database, receipts) is bounded too.
    std::size_t max_queued = 0;
    // Called after a group read receipt is stored (on a worker), with the group and the id
    // read up to; empty = nothing (im::Realtime feeds the pushed read counts with it).
    std::function<void(GroupId, MessageId)> group_read_stored;
    // The offline push webhook (docs/operations.md "Offline push webhook"): a message or notify
    // that reached no device of a user becomes an event in this outbox. Null: off, and nothing
    // is added to the message path.
    PushOutbox* push_outbox = nullptr;
  };
  MessageService(const EngineConfig& config, Stores stores, Clock& clock, Hub& hub,
                 Executor workers, Options options);

  // Blocks until every message and delivery outcome queued so far is stored. Not from a
  // completion callback.
  void flush() { writer_.flush(); }

  // Shutdown: from now on messages and read receipts are refused with the database-error ack
  // (the client may send them again elsewhere or later); blocks until each one taken before is
  // stored and acked (its ack and pushes handed to the sessions), then stores what the writer
  // still holds (delivery outcomes). Needs the completion executor running. Not from a
  // completion callback.
  void drain();

  // Start-up: pending deliveries left by a crash count as failures (docs/contract/realtime.md 8.2).
  // Alone, that is every pending record; with other nodes on a bus, only the ones queued before any
  // live delivery (the writer's sweep gets the rest of a dead node's records later).
  void recover();

  // Longest a live node can take to resolve a pending delivery: the ack timeout, the bus's
  // margin and a commit stall, with room to spare.
  static constexpr std::chrono::seconds kAbandonedAfter{60};

  // Each returns false when `bytes` do not decode: the caller sends the exception event, no ack.
  bool on_message(const std::shared_ptr<Session>& from, std::string_view bytes, AckFn ack);  // 5.1
  bool on_read(const std::shared_ptr<Session>& from, std::string_view bytes, AckFn ack);     // 5.2
  bool on_notify(std::string_view bytes);                                                    // 5.3

  // 6.4: pushes `on-notify`; a 200 for a notify announced with status 1 moves it to 2 (B3).
  void push_notify(const Notify& notify, const UserContext& cause) override;

 private:
  struct Accepted;
  // 5.1 steps 2-3 for `accepted` (its sender, ack): fills its message (and group members), or
  // acks the refusal and returns false.
  bool admit(Accepted& accepted, codec::MessageUp& up);
  void stored(const std::shared_ptr<Accepted>& accepted, StoreResult<MessageId> id);
  void deliver(const std::shared_ptr<Accepted>& accepted);
  // Bookkeeping of 8.2 for one receiving user; `status` is the push result (200/204/408).
  void record(UserId receiver, MessageId id, int status);
  // The same with the message's push event fields (push_outbox_ set); `pushed` = what the
  // offline event needs of the message (content cut to the preview).
  void record(UserId receiver, const Message& pushed, int status);
  std::shared_ptr<const Message> offline_push_fields(const Message& message) const;

  const EngineConfig& config_;
  Stores stores_;
  Clock& clock_;
  Hub& hub_;
  Executor workers_;
  bool checks_on_writer_;
  std::function<void(GroupId, MessageId)> group_read_stored_;
  PushOutbox* push_outbox_;
  DrainGate in_flight_;   // messages and receipts between their arrival and their ack (bounded)
  MessageWriter writer_;  // last: its thread stops before the members above go away
};

}  // namespace im
