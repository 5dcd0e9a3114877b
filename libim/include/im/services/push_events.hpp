// The events of the offline push webhook (docs/operations.md "Offline push webhook"): what is
// posted when a message or notify found no live device of its receiver, and how the body is
// signed. Pure functions: no storage, no clock.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "im/storage/push_outbox_store.hpp"
#include "im/types.hpp"

namespace im {

// Characters of a text message (or a notify's remark) the event's "preview" carries at most.
inline constexpr std::size_t kPushPreviewChars = 80;

// A message that reached none of `receiver`'s devices. Key "msg:<id>:<receiver>" (a group
// message makes one event per offline member). `with_preview`: a text message's first
// kPushPreviewChars characters go along as "preview".
PushEvent message_push_event(const Message& message, UserId receiver, bool with_preview,
                             Millis now);
// A notify whose push found nobody. Key "notify:<id>:<status>": a later push of the same notify
// in another status is another event.
PushEvent notify_push_event(const Notify& notify, bool with_preview, Millis now);

// The X-IM-Signature header's value: "sha256=" and the lowercase hex HMAC-SHA256 of `body`.
std::string push_signature(std::string_view secret, std::string_view body);

}  // namespace im
