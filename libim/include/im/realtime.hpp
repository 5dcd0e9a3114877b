// im::Realtime: the one way to run the realtime core (docs/embedding.md 1.2). It owns the Hub
// (presence, pushes, the ack timer) and the MessageService (the client events), and wires them
// into an Engine: the ack timeout of its configuration, the notify pusher (friend requests and
// answers become `on-notify` pushes), the flusher of the offline sync, the revocation hook
// (a logout closes that token's sessions, S7), the recovery of deliveries interrupted by a
// crash (docs/contract/realtime.md 8.2). Its destructor undoes all of it in the right order.
// im_server's realtime layer is built on it; so is any embedding transport.
#pragma once

#include <memory>

#include "im/bus.hpp"
#include "im/engine.hpp"
#include "im/hub.hpp"
#include "im/presence_tracker.hpp"
#include "im/read_count_pusher.hpp"
#include "im/services/admin_service.hpp"
#include "im/services/message_service.hpp"
#include "im/session.hpp"
#include "im/typing_service.hpp"

namespace im {

struct RealtimeOptions {
  // Where blocking work runs (storage calls): e.g. post to a worker pool. Empty: on the calling
  // thread (a blocking call; acceptable for a tool or a test, not for an event loop).
  MessageService::Executor workers;
  // The message service's batch size, `completions` executor (where each stored batch's acks
  // and pushes run), `checks_on_writer` (right for a local SQLite store) and `max_queued`.
  MessageService::Options messages;
  // Several nodes sharing the database and the users: pushes, presence and revocations travel
  // over it (the host's Redis bus). Null: one node.
  std::shared_ptr<Bus> bus;
  // Extensions (docs/protocol-extensions.md): typing indicators (its require_friendship comes
  // from the engine's configuration), presence transitions, pushed group read counts.
  TypingService::Options typing;
  PresenceTracker::Options presence;
  ReadCountPusher::Options read_counts;
};

class Realtime {
 public:
  // Wires everything above; blocks while the interrupted deliveries are recovered (a storage
  // call). `engine` must outlive this object; so must whatever the executors run on.
  Realtime(Engine& engine, RealtimeOptions options);
  // In order: the Engine forgets the pusher, flusher and revocation hook; the bus is detached
  // (its threads joined); the ack timer stops; the MessageService stores what is queued and
  // joins its writer; the Hub goes. Stop feeding it (transports) first.
  ~Realtime();
  Realtime(const Realtime&) = delete;
  Realtime& operator=(const Realtime&) = delete;

  // An authenticated connection joins (after engine.auth().authenticate gave its UserContext)
  // and leaves. disconnect() removes exactly this session, never another of the same user.
  void connect(const std::shared_ptr<Session>& session);
  void disconnect(const Session& session);

  // The client events of a connected session (docs/contract/realtime.md 5): encoded protobuf
  // bytes in, an ack out. Each returns false when the bytes do not decode (the transport then
  // reports the bad packet, e.g. Socket.IO's `exception` event); otherwise `ack` runs exactly
  // once, on any thread, possibly before the call returns.
  bool on_message(const std::shared_ptr<Session>& from, std::string_view bytes,
                  MessageService::AckFn ack);
  bool on_read(const std::shared_ptr<Session>& from, std::string_view bytes,
               MessageService::AckFn ack);
  bool on_notify(std::string_view bytes);
  // Extension events, for sessions that opted in to their feature (the transport checks
  // Session::features()): false when the bytes do not decode, like the events above.
  bool on_typing(const std::shared_ptr<Session>& from, std::string_view bytes);  // `typing`

  // Graceful stop, first half: new messages and receipts are refused with the database-error
  // ack; blocks until every one taken before is stored and acked. Then close the transports.
  void drain();

  Hub& hub();
  MessageService& messages();
  PresenceTracker& presence();
  ReadCountPusher& read_counts();
  TypingService& typing();
  // The admin API (docs/operations.md "Admin API"): it needs the Hub, so it lives here.
  AdminService& admin();

 private:
  struct Parts;
  Engine& engine_;
  std::unique_ptr<Parts> parts_;
};

}  // namespace im
