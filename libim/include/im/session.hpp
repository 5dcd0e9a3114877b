// A connected client endpoint, independent of its transport (design.md "libim"): the Socket.IO
// socket in the host, a fake in unit tests, anything an embedding application brings.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

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

class Session {
 public:
  using AckCallback = std::function<void(AckReply)>;

  virtual ~Session() = default;

  // Unique for the lifetime of the process.
  virtual std::uint64_t id() const = 0;
  // The authenticated user (fixed at CONNECT).
  virtual const UserContext& user() const = 0;

  // Emits `event` with one binary argument. With `on_ack` an ack is requested; `on_ack` is then
  // called exactly once, on any thread, with the reply, `closed` or `timeout`. Never blocks.
  virtual void send(std::string_view event, SharedBytes payload, AckCallback on_ack,
                    std::chrono::milliseconds timeout) = 0;

  // Server-side disconnect (S7): the socket ends; pending acks fail as `closed`.
  virtual void close() = 0;
};

}  // namespace im
