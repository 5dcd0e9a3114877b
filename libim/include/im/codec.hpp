// The protobuf codec of the realtime events (docs/contract/protobuf.md). Encoding follows the
// always-emit rules (section 5); decoding follows section 6: a missing required field, truncated
// bytes, a wire-type mismatch or invalid UTF-8 gives nullopt. Nothing here throws.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "im/types.hpp"
#include "im/user_context.hpp"

namespace im::codec {

// Raw protobuf bytes travel in std::string (binary-safe, cheap to share via shared_ptr).
using Bytes = std::string;

struct AckMessage {
  std::int64_t status_code = 0;
  std::optional<std::string> message;
  bool operator==(const AckMessage&) const = default;
};

// The embedded `Sender` profile (4.2), from the login snapshot (J27).
struct SenderProfile {
  UserId id = 0;
  std::string account;
  std::optional<std::string> avatar;
  std::optional<std::string> email;
  std::optional<std::string> regis_time;
  std::optional<std::string> update_time;
  static SenderProfile from(const UserContext& user);
  bool operator==(const SenderProfile&) const = default;
};

// `Notify` as decoded (4.3); enum values are kept as integers (unknown ones are accepted).
struct NotifyWire {
  std::string id;
  int type = 0;
  std::optional<SenderProfile> sender;
  std::int64_t receiver = 0;
  int status = 0;
  Millis timer = 0;
  std::string remark;
  std::string ext;
  bool operator==(const NotifyWire&) const = default;
};

// Client -> server `on-message` (4.4).
struct MessageUp {
  std::optional<std::int64_t> id;  // ignored by the server (S18)
  std::string msg_id;
  UserId sender = 0;
  std::optional<GroupId> group_id;  // presence decides group vs one-to-one
  std::int64_t receiver = 0;
  std::string type;
  std::string content;
  Millis timer = 0;
  std::optional<std::string> ext;
  bool operator==(const MessageUp&) const = default;
};

// Server -> client `on-message` (4.5), as decoded (tests, benchmark).
struct MessageDown {
  MessageId id = 0;
  std::string msg_id;
  UserId sender = 0;
  std::optional<SenderProfile> sender_info;
  std::optional<GroupId> group_id;
  std::int64_t receiver = 0;
  std::string type;
  std::string content;
  Millis timer = 0;
  std::optional<std::string> ext;
  bool operator==(const MessageDown&) const = default;
};

// `on-message:read`, server layout (4.6, J28).
struct MessageRead {
  MessageId id = 0;
  UserId sender = 0;
  std::optional<GroupId> group_id;
  std::int64_t receiver = 0;
  bool operator==(const MessageRead&) const = default;
};

Bytes encode(const AckMessage& ack);
Bytes encode(const MessageUp& message);
Bytes encode(const MessageDown& message);
Bytes encode(const MessageRead& read);
Bytes encode(const NotifyWire& notify);
// `Sender` alone (it only travels embedded; for tests and the Node binding).
Bytes encode(const SenderProfile& sender);

// Server pushes built from domain rows: remark/ext/content NULL -> "" (B8), ext NULL omitted.
Bytes encode_notify(const Notify& notify, const SenderProfile& cause);
Bytes encode_message_down(const Message& stored, const SenderProfile& sender);

std::optional<AckMessage> decode_ack(std::string_view bytes);
std::optional<MessageUp> decode_message_up(std::string_view bytes);
std::optional<MessageDown> decode_message_down(std::string_view bytes);
std::optional<MessageRead> decode_message_read(std::string_view bytes);
std::optional<NotifyWire> decode_notify(std::string_view bytes);
std::optional<SenderProfile> decode_sender(std::string_view bytes);

// The fixed acks of docs/contract/realtime.md 5.1/5.2.
AckMessage ack_success();         // {200, "Successfully."}
AckMessage ack_forbidden();       // {403, "Forbidden resource"}
AckMessage ack_database_error();  // {500, "Database Error."}   (on-message)
AckMessage ack_read_db_error();   // {500, "Database error."}   (on-message:read)
// {429, "Too many messages, please try again later."}: over the per-user send limit
// (SendLimiter); the message is not stored.
AckMessage ack_too_many_messages();

// Extension `on-message:change` (proto/im_ext.proto MessageChange; docs/protocol-extensions.md
// "Recall and edit"): an edited or recalled message.
Bytes encode_message_change(const Message& changed);

}  // namespace im::codec
