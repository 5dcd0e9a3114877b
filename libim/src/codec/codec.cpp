// docs/contract/protobuf.md sections 5 and 6 on top of the protoc-generated classes
// (proto/im.proto).
#include "im/codec.hpp"

#include <cstdio>
#include <mutex>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/stubs/logging.h>
#include <google/protobuf/unknown_field_set.h>

#include "im/text.hpp"
#include "im/wire/im.pb.h"

namespace im::codec {
namespace {

namespace pb = google::protobuf;

// The empty UnknownFieldSet that every decoded message without unknown fields returns is a
// function-local static of libprotobuf, made on first use. libprotobuf is not built with
// ThreadSanitizer, so a thread that finds it made takes the guard's fast path without TSan seeing
// that acquire, and two first decodes on two threads were reported as a race (a false positive).
// Making it during static initialisation, before any thread exists, orders it before every use.
[[maybe_unused]] const pb::UnknownFieldSet& kNoUnknownFields =
    pb::UnknownFieldSet::default_instance();

// The C++ runtime files a field whose wire type does not match the schema under unknown fields
// instead of failing; docs/contract/protobuf.md 6 wants a failure, so a known number among the
// unknown fields is a mismatch. Strings are checked for UTF-8 here too (proto2 does not).
bool well_formed(const pb::Message& msg) {
  const pb::Reflection* refl = msg.GetReflection();
  const pb::Descriptor* desc = msg.GetDescriptor();
  const pb::UnknownFieldSet& unknown = refl->GetUnknownFields(msg);
  for (int i = 0; i < unknown.field_count(); ++i) {
    if (desc->FindFieldByNumber(unknown.field(i).number()) != nullptr) return false;
  }
  for (int i = 0; i < desc->field_count(); ++i) {
    const pb::FieldDescriptor* f = desc->field(i);
    if (!refl->HasField(msg, f)) continue;
    if (f->type() == pb::FieldDescriptor::TYPE_STRING) {
      std::string scratch;
      if (!is_valid_utf8(refl->GetStringReference(msg, f, &scratch))) return false;
    } else if (f->type() == pb::FieldDescriptor::TYPE_MESSAGE) {
      if (!well_formed(refl->GetMessage(msg, f))) return false;
    }
  }
  return true;
}

// The runtime logs every string with invalid UTF-8 it parses; that input is a decode failure
// here, and a client must not be able to fill the logs with it. Fatal messages still go through.
void silence_parse_logging() {
  static std::once_flag once;
  std::call_once(once, [] {
    pb::SetLogHandler([](pb::LogLevel level, const char* file, int line, const std::string& msg) {
      if (level >= pb::LOGLEVEL_FATAL)
        std::fprintf(stderr, "[protobuf %s:%d] %s\n", file, line, msg.c_str());
    });
  });
}

// ParsePartial + IsInitialized: the same checks as ParseFromArray without its error logging.
template <class Pb>
bool parse(Pb& msg, std::string_view bytes) {
  if (bytes.size() > static_cast<std::size_t>(INT32_MAX)) return false;
  silence_parse_logging();
  if (!msg.ParsePartialFromArray(bytes.data(), static_cast<int>(bytes.size()))) return false;
  return msg.IsInitialized() && well_formed(msg);
}

template <class Pb>
Bytes serialize(const Pb& msg) {
  Bytes out;
  msg.SerializePartialToString(&out);
  return out;
}

// A per-thread message to encode from or decode into: Clear() keeps the capacity of its
// strings, so a hot message type costs no allocation but the result's (issue 10). Each use
// takes it afresh; nothing keeps a reference across calls. `bytes` (about the size of the
// message) keeps a rare large one from holding its memory for the thread's life.
constexpr std::size_t kKeptScratchBytes = 4096;

template <class Pb>
Pb& scratch(std::size_t bytes) {
  thread_local Pb msg;
  thread_local bool large = false;
  if (large) {
    msg = Pb();
  } else {
    msg.Clear();
  }
  large = bytes > kKeptScratchBytes;
  return msg;
}

void fill(wire::Sender& out, const SenderProfile& in) {
  out.set_id(in.id);
  out.set_account(in.account);
  if (in.avatar) out.set_avatar(*in.avatar);
  if (in.email) out.set_email(*in.email);
  if (in.regis_time) out.set_registime(*in.regis_time);
  if (in.update_time) out.set_updatetime(*in.update_time);
}

SenderProfile read(const wire::Sender& in) {
  SenderProfile out;
  out.id = in.id();
  out.account = in.account();
  if (in.has_avatar()) out.avatar = in.avatar();
  if (in.has_email()) out.email = in.email();
  if (in.has_registime()) out.regis_time = in.registime();
  if (in.has_updatetime()) out.update_time = in.updatetime();
  return out;
}

}  // namespace

SenderProfile SenderProfile::from(const UserContext& user) {
  return SenderProfile{user.id,    user.account,    user.avatar,
                       user.email, user.regis_time, user.update_time};
}

Bytes encode(const AckMessage& ack) {
  auto& m = scratch<wire::AckMessage>(0);
  m.set_statuscode(ack.status_code);
  if (ack.message) m.set_message(*ack.message);
  return serialize(m);
}

Bytes encode(const MessageUp& in) {
  auto& m = scratch<wire::MessageUp>(in.content.size());
  if (in.id) m.set_id(*in.id);
  m.set_msgid(in.msg_id);
  m.set_sender(in.sender);
  if (in.group_id) m.set_groupid(*in.group_id);
  m.set_receiver(in.receiver);
  m.set_type(in.type);
  m.set_content(in.content);
  m.set_timer(in.timer);
  if (in.ext) m.set_ext(*in.ext);
  return serialize(m);
}

Bytes encode(const MessageDown& in) {
  auto& m = scratch<wire::MessageDown>(in.content.size());
  m.set_id(in.id);
  m.set_msgid(in.msg_id);
  m.set_sender(in.sender);
  if (in.sender_info) fill(*m.mutable_senderinfo(), *in.sender_info);
  if (in.group_id) m.set_groupid(*in.group_id);
  m.set_receiver(in.receiver);
  m.set_type(in.type);
  m.set_content(in.content);
  m.set_timer(in.timer);
  if (in.ext) m.set_ext(*in.ext);
  return serialize(m);
}

Bytes encode(const MessageRead& in) {
  auto& m = scratch<wire::MessageRead>(0);
  m.set_id(in.id);
  m.set_sender(in.sender);
  if (in.group_id) m.set_groupid(*in.group_id);
  m.set_receiver(in.receiver);
  return serialize(m);
}

Bytes encode(const NotifyWire& in) {
  auto& m = scratch<wire::Notify>(in.remark.size() + in.ext.size());
  m.set_id(in.id);
  // Enum setters assert on unknown values in debug builds; reflection accepts any number.
  m.GetReflection()->SetEnumValue(&m, m.GetDescriptor()->FindFieldByNumber(2), in.type);
  if (in.sender) fill(*m.mutable_sender(), *in.sender);
  m.set_receiver(in.receiver);
  m.GetReflection()->SetEnumValue(&m, m.GetDescriptor()->FindFieldByNumber(5), in.status);
  m.set_timer(in.timer);
  m.set_remark(in.remark);
  m.set_ext(in.ext);
  return serialize(m);
}

Bytes encode(const SenderProfile& sender) {
  auto& m = scratch<wire::Sender>(0);
  fill(m, sender);
  return serialize(m);
}

Bytes encode_notify(const Notify& notify, const SenderProfile& cause) {
  NotifyWire w;
  w.id = notify.id;
  w.type = static_cast<int>(notify.type);
  w.sender = cause;
  w.receiver = notify.receiver;
  w.status = static_cast<int>(notify.status);
  w.timer = notify.timer;
  w.remark = notify.remark.value_or("");  // required on the client (B8)
  w.ext = notify.ext.value_or("");
  return encode(w);
}

Bytes encode_message_down(const Message& stored, const SenderProfile& sender) {
  MessageDown d;
  d.id = stored.id;
  d.msg_id = stored.msg_id;
  d.sender = stored.sender;
  d.sender_info = sender;
  d.group_id = stored.group_id;
  d.receiver = stored.receiver;
  d.type = stored.type;
  d.content = stored.content.value_or("");
  d.timer = stored.timer;
  d.ext = stored.ext;
  return encode(d);
}

std::optional<AckMessage> decode_ack(std::string_view bytes) {
  auto& m = scratch<wire::AckMessage>(bytes.size());
  if (!parse(m, bytes)) return std::nullopt;
  AckMessage out;
  out.status_code = m.statuscode();
  if (m.has_message()) out.message = m.message();
  return out;
}

std::optional<MessageUp> decode_message_up(std::string_view bytes) {
  auto& m = scratch<wire::MessageUp>(bytes.size());
  if (!parse(m, bytes)) return std::nullopt;
  MessageUp out;
  if (m.has_id()) out.id = m.id();
  out.msg_id = m.msgid();
  out.sender = m.sender();
  if (m.has_groupid()) out.group_id = m.groupid();
  out.receiver = m.receiver();
  out.type = m.type();
  out.content = m.content();
  out.timer = m.timer();
  if (m.has_ext()) out.ext = m.ext();
  return out;
}

std::optional<MessageDown> decode_message_down(std::string_view bytes) {
  auto& m = scratch<wire::MessageDown>(bytes.size());
  if (!parse(m, bytes)) return std::nullopt;
  MessageDown out;
  out.id = m.id();
  out.msg_id = m.msgid();
  out.sender = m.sender();
  if (m.has_senderinfo()) out.sender_info = read(m.senderinfo());
  if (m.has_groupid()) out.group_id = m.groupid();
  out.receiver = m.receiver();
  out.type = m.type();
  out.content = m.content();
  out.timer = m.timer();
  if (m.has_ext()) out.ext = m.ext();
  return out;
}

std::optional<MessageRead> decode_message_read(std::string_view bytes) {
  auto& m = scratch<wire::MessageRead>(bytes.size());
  if (!parse(m, bytes)) return std::nullopt;
  MessageRead out;
  out.id = m.id();
  out.sender = m.sender();
  if (m.has_groupid()) out.group_id = m.groupid();
  out.receiver = m.receiver();
  return out;
}

std::optional<NotifyWire> decode_notify(std::string_view bytes) {
  auto& m = scratch<wire::Notify>(bytes.size());
  if (bytes.size() > static_cast<std::size_t>(INT32_MAX)) return std::nullopt;
  silence_parse_logging();
  if (!m.ParsePartialFromArray(bytes.data(), static_cast<int>(bytes.size()))) return std::nullopt;
  // proto2 files an unknown value of a closed enum under unknown fields; docs/contract/protobuf.md
  // 6 accepts such values in a Notify, so take them back out before the mismatch check.
  std::optional<int> type, status;
  pb::UnknownFieldSet* unknown = m.GetReflection()->MutableUnknownFields(&m);
  for (int i = 0; i < unknown->field_count(); ++i) {
    const pb::UnknownField& f = unknown->field(i);
    if (f.type() != pb::UnknownField::TYPE_VARINT) continue;
    if (f.number() == 2) type = static_cast<int>(f.varint());
    if (f.number() == 5) status = static_cast<int>(f.varint());
  }
  if (type) unknown->DeleteByNumber(2);
  if (status) unknown->DeleteByNumber(5);
  if (m.has_type()) type = m.type();
  if (m.has_status()) status = m.status();
  if (!type || !status || !m.has_id() || !m.has_receiver() || !m.has_timer() || !m.has_remark() ||
      !m.has_ext() || (m.has_sender() && !m.sender().IsInitialized()) || !well_formed(m)) {
    return std::nullopt;
  }
  NotifyWire out;
  out.id = m.id();
  out.type = *type;
  if (m.has_sender()) out.sender = read(m.sender());
  out.receiver = m.receiver();
  out.status = *status;
  out.timer = m.timer();
  out.remark = m.remark();
  out.ext = m.ext();
  return out;
}

std::optional<SenderProfile> decode_sender(std::string_view bytes) {
  auto& m = scratch<wire::Sender>(bytes.size());
  if (!parse(m, bytes)) return std::nullopt;
  return read(m);
}

AckMessage ack_success() {
  return {200, "Successfully."};
}
AckMessage ack_forbidden() {
  return {403, "Forbidden resource"};
}
AckMessage ack_database_error() {
  return {500, "Database Error."};
}
AckMessage ack_read_db_error() {
  return {500, "Database error."};
}
AckMessage ack_too_many_messages() {
  return {429, "Too many messages, please try again later."};
}

}  // namespace im::codec
