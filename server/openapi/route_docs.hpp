// The documentation of every endpoint of docs/contract/http-api.md 10, one function per route,
// grouped by controller in route_docs/*.cpp. Each controller's registration (server/http/handlers)
// puts the result on its Route, so the OpenAPI document is built from the route table alone.
#pragma once

#include "server/openapi/route_doc.hpp"

namespace im::host::route_docs {

using openapi::RouteDoc;

RouteDoc get_hello();  // A1

RouteDoc login();          // U1
RouteDoc register_user();  // U2
RouteDoc delete_caller();  // U3
RouteDoc update_caller();  // U4
RouteDoc find_user();      // U5
RouteDoc logout();         // U6

RouteDoc export_account();  // GET /api/v1/users/export (issue 14)

RouteDoc permission_create();  // P1
RouteDoc role_create();        // P2
RouteDoc role_set();           // P3

RouteDoc friend_request();  // F1
RouteDoc friend_delete();   // F2
RouteDoc friend_update();   // F3
RouteDoc friend_setting();  // F4
RouteDoc friend_list();     // F5
RouteDoc friend_agree();    // F6
RouteDoc friend_reject();   // F7

RouteDoc group_create();         // G1
RouteDoc group_delete();         // G2
RouteDoc group_update();         // G3
RouteDoc groups_with_members();  // G4
RouteDoc group_detail();         // G5
RouteDoc group_list();           // G6
RouteDoc group_add_members();    // G7

RouteDoc notify_list();        // E1
RouteDoc notify_received();    // E2
RouteDoc notify_read();        // E3
RouteDoc messages_pending();   // E4
RouteDoc messages_received();  // E5
RouteDoc upload_image();       // E6
RouteDoc upload_video();       // E7

RouteDoc release_full();  // X1
RouteDoc release_asar();  // X2
RouteDoc release_info();  // X3

// Extensions (docs/protocol-extensions.md).
RouteDoc block_user();     // POST /api/v1/blocks
RouteDoc unblock_user();   // DELETE /api/v1/blocks/:userId
RouteDoc block_list();     // GET /api/v1/blocks
RouteDoc history();        // GET /api/v1/messages
RouteDoc conversations();  // GET /api/v1/conversations
RouteDoc search();         // GET /api/v1/messages/search
// A stored message as the history routes answer it (views::history_message).
openapi::Schema history_message_schema();
RouteDoc sync();    // GET /api/v1/sync
RouteDoc recall();  // POST /api/v1/messages/:id/recall
RouteDoc edit();    // PUT /api/v1/messages/:id

// Presence (docs/protocol-extensions.md).
RouteDoc presence_lookup();          // GET /api/v1/presence
RouteDoc presence_setting();         // GET /api/v1/presence/setting
RouteDoc presence_setting_update();  // PUT /api/v1/presence/setting

// The admin API (docs/operations.md "Admin API"), permission 3.
RouteDoc admin_sessions();        // GET /api/v1/admin/users/:userId/sessions
RouteDoc admin_close_sessions();  // POST /api/v1/admin/sessions/close
RouteDoc admin_ban();             // POST /api/v1/admin/bans
RouteDoc admin_unban();           // DELETE /api/v1/admin/bans/:userId
RouteDoc admin_delete_message();  // DELETE /api/v1/admin/messages/:id
RouteDoc admin_summary();         // GET /api/v1/admin/summary
RouteDoc admin_audit();           // GET /api/v1/admin/audit

}  // namespace im::host::route_docs
