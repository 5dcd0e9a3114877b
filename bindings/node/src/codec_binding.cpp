// encode(type, object) -> Buffer and decode(type, bytes) -> object over libim's codec
// (docs/contract/protobuf.md). Field names are those of the reference schema (section 7). int64
// fields are BigInt when decoded and BigInt or safe-integer Number when encoded; enums are Numbers.
// A missing required field, a wrong type or undecodable bytes throw a JS Error.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "binding.hpp"
#include "im/codec.hpp"

namespace im::node {
namespace {

using codec::Bytes;

// Reads the fields of one JS object, naming them "<Type>.<field>" in errors.
class Reader {
 public:
  Reader(Napi::Value value, std::string type) : env_(value.Env()), type_(std::move(type)) {
    if (!value.IsObject() || value.IsArray())
      throw_type_error(env_, type_ + ": expected a plain object");
    obj_ = value.As<Napi::Object>();
  }

  std::int64_t int64(const char* name) { return to_int64(required(name), where(name)); }
  std::optional<std::int64_t> opt_int64(const char* name) {
    auto v = optional(name);
    if (!v) return std::nullopt;
    return to_int64(*v, where(name));
  }
  std::string string(const char* name) { return as_string(required(name), name); }
  std::optional<std::string> opt_string(const char* name) {
    auto v = optional(name);
    if (!v) return std::nullopt;
    return as_string(*v, name);
  }
  int enumeration(const char* name) {
    std::int64_t v = to_int64(required(name), where(name));
    if (v < INT32_MIN || v > INT32_MAX)
      throw Napi::RangeError::New(env_, where(name) + ": enum value out of the int32 range");
    return static_cast<int>(v);
  }
  std::optional<Napi::Value> opt_object(const char* name) { return optional(name); }

 private:
  std::string where(const char* name) const { return type_ + "." + name; }
  Napi::Value required(const char* name) {
    auto v = optional(name);
    if (!v) throw_error(env_, where(name) + ": missing required field");
    return *v;
  }
  std::optional<Napi::Value> optional(const char* name) {
    Napi::Value v = obj_.Get(name);
    if (v.IsUndefined() || v.IsNull()) return std::nullopt;
    return v;
  }
  std::string as_string(const Napi::Value& v, const char* name) {
    if (!v.IsString()) throw_type_error(env_, where(name) + ": expected a string");
    return v.As<Napi::String>().Utf8Value();
  }

  Napi::Env env_;
  std::string type_;
  Napi::Object obj_;
};

codec::SenderProfile read_sender(Napi::Value value, const std::string& type) {
  Reader r(value, type);
  codec::SenderProfile s;
  s.id = r.int64("id");
  s.account = r.string("account");
  s.avatar = r.opt_string("avatar");
  s.email = r.opt_string("email");
  s.regis_time = r.opt_string("regisTime");
  s.update_time = r.opt_string("updateTime");
  return s;
}

Bytes encode_ack(Napi::Value v) {
  Reader r(v, "AckMessage");
  codec::AckMessage m;
  m.status_code = r.int64("statusCode");
  m.message = r.opt_string("message");
  return codec::encode(m);
}

Bytes encode_sender(Napi::Value v) {
  return codec::encode(read_sender(v, "Sender"));
}

Bytes encode_notify(Napi::Value v) {
  Reader r(v, "Notify");
  codec::NotifyWire m;
  m.id = r.string("id");
  m.type = r.enumeration("type");
  if (auto s = r.opt_object("sender")) m.sender = read_sender(*s, "Notify.sender");
  m.receiver = r.int64("receiver");
  m.status = r.enumeration("status");
  m.timer = r.int64("timer");
  m.remark = r.string("remark");
  m.ext = r.string("ext");
  return codec::encode(m);
}

Bytes encode_message_up(Napi::Value v) {
  Reader r(v, "MessageUp");
  codec::MessageUp m;
  m.id = r.opt_int64("id");
  m.msg_id = r.string("msgId");
  m.sender = r.int64("sender");
  m.group_id = r.opt_int64("groupId");
  m.receiver = r.int64("receiver");
  m.type = r.string("type");
  m.content = r.string("content");
  m.timer = r.int64("timer");
  m.ext = r.opt_string("ext");
  return codec::encode(m);
}

Bytes encode_message_down(Napi::Value v) {
  Reader r(v, "MessageDown");
  codec::MessageDown m;
  m.id = r.int64("id");
  m.msg_id = r.string("msgId");
  m.sender = r.int64("sender");
  if (auto s = r.opt_object("senderInfo"))
    m.sender_info = read_sender(*s, "MessageDown.senderInfo");
  m.group_id = r.opt_int64("groupId");
  m.receiver = r.int64("receiver");
  m.type = r.string("type");
  m.content = r.string("content");
  m.timer = r.int64("timer");
  m.ext = r.opt_string("ext");
  return codec::encode(m);
}

Bytes encode_message_read(Napi::Value v) {
  Reader r(v, "MessageRead");
  codec::MessageRead m;
  m.id = r.int64("id");
  m.sender = r.int64("sender");
  m.group_id = r.opt_int64("groupId");
  m.receiver = r.int64("receiver");
  return codec::encode(m);
}

// ---- decoding: absent optional fields are absent properties.

class Writer {
 public:
  explicit Writer(Napi::Env env) : env_(env), obj_(Napi::Object::New(env)) {}
  Writer& int64(const char* name, std::int64_t v) {
    obj_.Set(name, Napi::BigInt::New(env_, static_cast<int64_t>(v)));
    return *this;
  }
  Writer& int64(const char* name, const std::optional<std::int64_t>& v) {
    if (v) int64(name, *v);
    return *this;
  }
  Writer& number(const char* name, int v) {
    obj_.Set(name, Napi::Number::New(env_, v));
    return *this;
  }
  Writer& string(const char* name, const std::string& v) {
    obj_.Set(name, Napi::String::New(env_, v));
    return *this;
  }
  Writer& string(const char* name, const std::optional<std::string>& v) {
    if (v) string(name, *v);
    return *this;
  }
  Writer& object(const char* name, const std::optional<Napi::Object>& v) {
    if (v) obj_.Set(name, *v);
    return *this;
  }
  Napi::Object get() const { return obj_; }

 private:
  Napi::Env env_;
  Napi::Object obj_;
};

Napi::Object write_sender(Napi::Env env, const codec::SenderProfile& s) {
  return Writer(env)
      .int64("id", s.id)
      .string("account", s.account)
      .string("avatar", s.avatar)
      .string("email", s.email)
      .string("regisTime", s.regis_time)
      .string("updateTime", s.update_time)
      .get();
}

std::optional<Napi::Object> write_sender(Napi::Env env,
                                         const std::optional<codec::SenderProfile>& s) {
  if (!s) return std::nullopt;
  return write_sender(env, *s);
}

template <class T>
T decoded(Napi::Env env, std::optional<T> v, const std::string& type) {
  if (!v)
    throw_error(env, type +
                         ": cannot decode (a required field is missing, the bytes are truncated, "
                         "a wire type does not match or a string is not UTF-8)");
  return std::move(*v);
}

Napi::Value decode_any(Napi::Env env, const std::string& type, std::string_view bytes) {
  if (type == "AckMessage")
    return ack_message_object(env, decoded(env, codec::decode_ack(bytes), type));
  if (type == "Sender") return write_sender(env, decoded(env, codec::decode_sender(bytes), type));
  if (type == "Notify") {
    auto m = decoded(env, codec::decode_notify(bytes), type);
    return Writer(env)
        .string("id", m.id)
        .number("type", m.type)
        .object("sender", write_sender(env, m.sender))
        .int64("receiver", m.receiver)
        .number("status", m.status)
        .int64("timer", m.timer)
        .string("remark", m.remark)
        .string("ext", m.ext)
        .get();
  }
  if (type == "MessageUp") {
    auto m = decoded(env, codec::decode_message_up(bytes), type);
    return Writer(env)
        .int64("id", m.id)
        .string("msgId", m.msg_id)
        .int64("sender", m.sender)
        .int64("groupId", m.group_id)
        .int64("receiver", m.receiver)
        .string("type", m.type)
        .string("content", m.content)
        .int64("timer", m.timer)
        .string("ext", m.ext)
        .get();
  }
  if (type == "MessageDown")
    return message_down_object(env, decoded(env, codec::decode_message_down(bytes), type));
  if (type == "MessageRead") {
    auto m = decoded(env, codec::decode_message_read(bytes), type);
    return Writer(env)
        .int64("id", m.id)
        .int64("sender", m.sender)
        .int64("groupId", m.group_id)
        .int64("receiver", m.receiver)
        .get();
  }
  throw_type_error(env, "unknown message type '" + type + "'");
}

}  // namespace

Napi::Object ack_message_object(Napi::Env env, const codec::AckMessage& m) {
  return Writer(env).int64("statusCode", m.status_code).string("message", m.message).get();
}

Napi::Object message_down_object(Napi::Env env, const codec::MessageDown& m) {
  return Writer(env)
      .int64("id", m.id)
      .string("msgId", m.msg_id)
      .int64("sender", m.sender)
      .object("senderInfo", write_sender(env, m.sender_info))
      .int64("groupId", m.group_id)
      .int64("receiver", m.receiver)
      .string("type", m.type)
      .string("content", m.content)
      .int64("timer", m.timer)
      .string("ext", m.ext)
      .get();
}

namespace {

const char* const kTypes = "AckMessage, Sender, Notify, MessageUp, MessageDown or MessageRead";

std::string type_arg(const Napi::CallbackInfo& info) {
  if (info.Length() < 2 || !info[0].IsString())
    throw_type_error(info.Env(), std::string("expected (type, value) with type one of ") + kTypes);
  return info[0].As<Napi::String>().Utf8Value();
}

Napi::Value encode(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string type = type_arg(info);
  Bytes out;
  if (type == "AckMessage") {
    out = encode_ack(info[1]);
  } else if (type == "Sender") {
    out = encode_sender(info[1]);
  } else if (type == "Notify") {
    out = encode_notify(info[1]);
  } else if (type == "MessageUp") {
    out = encode_message_up(info[1]);
  } else if (type == "MessageDown") {
    out = encode_message_down(info[1]);
  } else if (type == "MessageRead") {
    out = encode_message_read(info[1]);
  } else {
    throw_type_error(env, "unknown message type '" + type + "' (expected " + kTypes + ")");
  }
  return Napi::Buffer<char>::Copy(env, out.data(), out.size());
}

Napi::Value decode(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string type = type_arg(info);
  if (!info[1].IsTypedArray() && !info[1].IsArrayBuffer())
    throw_type_error(env, type + ": expected a Buffer, Uint8Array or ArrayBuffer");
  std::string_view bytes;
  if (info[1].IsArrayBuffer()) {
    auto ab = info[1].As<Napi::ArrayBuffer>();
    bytes = {static_cast<const char*>(ab.Data()), ab.ByteLength()};
  } else {
    auto ta = info[1].As<Napi::TypedArray>();
    if (ta.TypedArrayType() != napi_uint8_array)
      throw_type_error(env, type + ": expected a Buffer, Uint8Array or ArrayBuffer");
    auto u8 = ta.As<Napi::Uint8Array>();
    bytes = {reinterpret_cast<const char*>(u8.Data()), u8.ByteLength()};
  }
  return decode_any(env, type, bytes);
}

}  // namespace

void init_codec(Napi::Env env, Napi::Object exports) {
  exports.Set("encode", Napi::Function::New(env, encode, "encode"));
  exports.Set("decode", Napi::Function::New(env, decode, "decode"));
  Napi::Array types = Napi::Array::New(env);
  const char* names[] = {"AckMessage", "Sender",      "Notify",
                         "MessageUp",  "MessageDown", "MessageRead"};
  for (std::uint32_t i = 0; i < 6; ++i) types.Set(i, Napi::String::New(env, names[i]));
  exports.Set("messageTypes", types);
}

}  // namespace im::node
