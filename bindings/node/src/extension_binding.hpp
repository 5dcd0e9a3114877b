// The protocol extensions' services on the embedded core (docs/protocol-extensions.md,
// docs/embedding.md 2.2): each method takes the acting user's id first (signed in through the
// core) and returns what the REST route's `data` holds, as plain JS objects.
#pragma once

#include <napi.h>

#include "embedded_core.hpp"

namespace im::node::extensions {

// block(userId, otherId) / unblock(userId, otherId) -> the route's message; blocks(userId) ->
// [{userId, createdAt}].
Napi::Value block(const Napi::CallbackInfo& info, EmbeddedCore& core);
Napi::Value unblock(const Napi::CallbackInfo& info, EmbeddedCore& core);
Napi::Value blocks(const Napi::CallbackInfo& info, EmbeddedCore& core);

// history(userId, { peer | group, before, limit }) -> messages, newest first;
// conversations(userId) -> [{userId, groupId, unread, lastMessage}];
// search(userId, text, { before, limit }) -> messages, newest first.
Napi::Value history(const Napi::CallbackInfo& info, EmbeddedCore& core);
Napi::Value conversations(const Napi::CallbackInfo& info, EmbeddedCore& core);
Napi::Value search(const Napi::CallbackInfo& info, EmbeddedCore& core);

// sync(userId, { after = 0, limit }) -> the sync stream's messages in seq order (final state);
// recall(userId, messageId) / edit(userId, messageId, content) -> the changed message.
Napi::Value sync(const Napi::CallbackInfo& info, EmbeddedCore& core);
Napi::Value recall(const Napi::CallbackInfo& info, EmbeddedCore& core);
Napi::Value edit(const Napi::CallbackInfo& info, EmbeddedCore& core);

// presence(userId, [ids]) -> [{userId, online}] for the friends among them;
// presenceHidden(userId) -> boolean; setPresenceHidden(userId, hidden) -> the stored value.
Napi::Value presence(const Napi::CallbackInfo& info, EmbeddedCore& core);
Napi::Value presence_hidden(const Napi::CallbackInfo& info, EmbeddedCore& core);
Napi::Value set_presence_hidden(const Napi::CallbackInfo& info, EmbeddedCore& core);

}  // namespace im::node::extensions
