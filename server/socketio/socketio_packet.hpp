// Socket.IO v5 packets (docs/contract/realtime.md 3.1): text form, binary placeholders and the
// reassembly of binary packets from their attachments. Pure functions, no I/O, no IM knowledge.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

namespace im::sio {

enum class PacketType : int {
  connect = 0,
  disconnect = 1,
  event = 2,
  ack = 3,
  connect_error = 4,
  binary_event = 5,
  binary_ack = 6,
};

inline constexpr std::size_t kMaxAttachments = 10;

struct Packet {
  PacketType type = PacketType::event;
  std::string nsp = "/";
  std::optional<std::uint64_t> id;
  std::optional<boost::json::value> data;  // the JSON payload, if any
  std::size_t attachments = 0;             // announced count (binary types)
  std::vector<std::string> buffers;        // the attachments, in index order
};

// The text form without attachments: <type>[<n>-][<nsp>,][<id>][<json>].
std::string encode(const Packet& packet);
// nullopt for anything malformed (unknown type, bad JSON, bad attachment count, a payload that
// does not fit the type).
std::optional<Packet> parse(std::string_view text);

// {"_placeholder":true,"num":n}
boost::json::value placeholder(std::size_t num);

// One argument of an event or ack after placeholder substitution.
struct Arg {
  bool binary = false;
  std::string bytes;        // binary == true (incoming)
  boost::json::value json;  // binary == false
  // Outgoing binary data shared between many sockets (fan-out); used instead of `bytes`.
  std::shared_ptr<const std::string> shared;

  static Arg blob(std::shared_ptr<const std::string> data) {
    return Arg{true, {}, {}, std::move(data)};
  }
  static Arg value(boost::json::value v) { return Arg{false, {}, std::move(v), {}}; }
};
// EVENT/BINARY_EVENT: the event name (nullopt when the first element is not a string) and the
// remaining arguments. ACK/BINARY_ACK: use ack_args.
std::optional<std::string> event_name(const Packet& packet);
std::vector<Arg> event_args(const Packet& packet);
std::vector<Arg> ack_args(const Packet& packet);

// Feeds Engine.IO message packets in arrival order; a binary packet is complete when all of its
// attachments have arrived.
class Decoder {
 public:
  enum class Status { need_more, packet, error };
  Status feed_text(std::string_view text);
  Status feed_binary(std::string bytes);
  // Valid after Status::packet.
  Packet take() {
    Packet p = std::move(*current_);
    current_.reset();
    return p;
  }
  bool awaiting_attachments() const {
    return current_ && current_->buffers.size() < current_->attachments;
  }

 private:
  std::optional<Packet> current_;
};

}  // namespace im::sio
