// A connected client endpoint, independent of its transport (design.md "libim"): the Socket.IO
// socket in the host, a fake in unit tests, anything an embedding application brings.
//
// The contract (docs/embedding.md 1.3):
// - Who calls: the Hub calls send() and close() on any thread (the thread of a push: a writer
//   completion, a service call, the bus), never under its own lock, possibly from several
//   threads at once; user() may be called at any time from any thread. The transport calls
//   hub.add(session) after authenticating and hub.remove(session) once it ended.
// - The ack timer is the core's: a push waits for a session's ack at most the Hub's ack timeout
//   (EngineConfig::push_ack_timeout through im::Realtime), then counts that session as failed.
//   A Session needs no timer; it should forget an ack it is still holding after a while of its
//   own choosing (the host's Socket.IO session: 60 s) so that a client that never acks does not
//   grow its bookkeeping.
// - A Session never blocks in send() or close(), never calls back into the Hub from inside them
//   (no hub.remove() from close(): the transport does that when the connection has ended), and
//   calls each on_ack at most once — with `closed` for the acks still pending when it closes.
// - The core never asks a Session for an identity: the object's address is what the Hub keys on
//   (hub.remove(*session) removes exactly that object).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "im/features.hpp"
#include "im/user_context.hpp"

namespace im {

// Bytes shared by every session a push goes to: encoded once (docs/contract/realtime.md 6.1).
using SharedBytes = std::shared_ptr<const std::string>;

// What came back for one emit with an ack request.
struct AckReply {
  enum class Kind {
    binary,   // the first argument was binary: `bytes` holds it
    other,    // an ack without a binary first argument (JSON, none): a failure (B25)
    closed,   // the session closed before acking (B26)
    timeout,  // nothing within the timeout
  };
  Kind kind = Kind::timeout;
  std::string bytes;
};

// What the admin API shows of a live session (docs/operations.md "Admin API"). The transport
// fills id, transport, address and connected_at; the Hub sets node.
struct SessionDescription {
  std::string id;                    // unique on its node; "" when the transport gives none
  std::string node;                  // the node id (Bus::node_id(), "local" with one node)
  std::string transport;             // e.g. "websocket", "polling"
  std::string address;               // the client's address
  std::int64_t connected_at_ms = 0;  // unix ms of the CONNECT
};

class Session {
 public:
  using AckCallback = std::function<void(AckReply)>;

  virtual ~Session() = default;

  // The authenticated user (fixed at CONNECT).
  virtual const UserContext& user() const = 0;

  // Emits `event` with one binary argument. With `on_ack` an ack is requested; `on_ack` is then
  // called at most once, on any thread, with the reply or `closed` (`timeout` is allowed too,
  // for a transport that gives up by itself). Never blocks. The Hub times the ack itself: a
  // Session need not run a timer, and a reply after the Hub's ack timeout is ignored.
  virtual void send(std::string_view event, SharedBytes payload, AckCallback on_ack) = 0;

  // Server-side disconnect (S7): the socket ends; pending acks fail as `closed`.
  virtual void close() = 0;

  // The protocol extensions this session opted in to, fixed at CONNECT (docs/protocol-extensions.md
  // "Opting in"). None by default: the session gets exactly the original's events.
  virtual Features features() const { return {}; }

  // For the admin API's session list; the default describes nothing (fakes, the Node binding's
  // sessions). Called on any thread, rarely: it may read transport state under a lock.
  virtual SessionDescription describe() const { return {}; }
};

}  // namespace im
