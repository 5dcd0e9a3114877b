#include "im/services/push_events.hpp"

#include <fmt/format.h>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "im/auth/hmac.hpp"
#include "im/text.hpp"

namespace im {

namespace {

// Invalid UTF-8 (never stored by the services, but the row is the client's) has no preview.
void add_preview(boost::json::object& event, std::string_view text) {
  if (auto prefix = utf8_prefix(text, kPushPreviewChars)) event["preview"] = *prefix;
}

}  // namespace

PushEvent message_push_event(const Message& message, UserId receiver, bool with_preview,
                             Millis now) {
  std::string key = fmt::format("msg:{}:{}", message.id, receiver);
  boost::json::object event;
  event["event"] = "message";
  event["key"] = key;
  event["receiver"] = receiver;
  event["sender"] = message.sender;
  event["messageId"] = message.id;
  if (message.group_id)
    event["groupId"] = *message.group_id;
  else
    event["groupId"] = nullptr;
  event["messageType"] = message.type;
  if (with_preview && message.type == "text" && message.content)
    add_preview(event, *message.content);
  event["time"] = now;
  return PushEvent{std::move(key), boost::json::serialize(event)};
}

PushEvent notify_push_event(const Notify& notify, bool with_preview, Millis now) {
  std::string key = fmt::format("notify:{}:{}", notify.id, static_cast<int>(notify.status));
  boost::json::object event;
  event["event"] = "notify";
  event["key"] = key;
  event["receiver"] = notify.receiver;
  event["sender"] = notify.sender;
  event["notifyId"] = notify.id;
  event["notifyType"] = static_cast<int>(notify.type);
  event["notifyStatus"] = static_cast<int>(notify.status);
  if (with_preview && notify.remark) add_preview(event, *notify.remark);
  event["time"] = now;
  return PushEvent{std::move(key), boost::json::serialize(event)};
}

std::string push_signature(std::string_view secret, std::string_view body) {
  const std::string mac = auth::hmac_sha256(secret, body);
  std::string out = "sha256=";
  static constexpr char kHex[] = "0123456789abcdef";
  for (unsigned char c : mac) {
    out += kHex[c >> 4];
    out += kHex[c & 0x0F];
  }
  return out;
}

}  // namespace im
