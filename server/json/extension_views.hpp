// JSON views of the extensions' rows (docs/protocol-extensions.md): blocks, history and
// conversations. Dates are F format (docs/contract/http-api.md 6.2) like the original's newer
// endpoints; one function per shape.
#pragma once

#include <boost/json/object.hpp>

#include "im/storage/block_store.hpp"
#include "im/storage/history_store.hpp"
#include "im/types.hpp"

namespace im::host::views {

// GET /api/v1/blocks element: {"userId":10001,"createdAt":"2026-11-26 19:10:55"}.
boost::json::object blocked_user(const BlockedUser& row);

// GET /api/v1/messages element: the message columns, `createdAt` in F format.
boost::json::object history_message(const Message& message);
// GET /api/v1/sync element and the answer of a recall or an edit: history_message plus "seq"
// (the place of the message's latest change in the sync stream).
boost::json::object sync_message(const Message& message);

// GET /api/v1/conversations element: {"userId":…|null,"groupId":…|null,"unread":n,
// "lastMessage":<history_message>}.
boost::json::object conversation(const Conversation& row);

}  // namespace im::host::views
