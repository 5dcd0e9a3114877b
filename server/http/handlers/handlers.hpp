// One file per controller; each adds its routes to the table in the order they must be matched.
#pragma once

#include "server/http/routes.hpp"

namespace im::host {

void add_app_routes(RouteTable& table);            // A1
void add_user_routes(RouteTable& table);           // U1-U6
void add_permission_routes(RouteTable& table);     // P1-P3
void add_event_message_routes(RouteTable& table);  // E4-E5
void add_friend_routes(RouteTable& table);         // F1-F7
void add_group_routes(RouteTable& table);          // G1-G7
void add_event_notify_routes(RouteTable& table);   // E1-E3
void add_event_upload_routes(RouteTable& table);   // E6-E7
void add_electron_routes(RouteTable& table);       // X1-X3
// Extensions (docs/protocol-extensions.md).
void add_block_routes(RouteTable& table);         // blocking
void add_history_routes(RouteTable& table);       // history and conversations
void add_presence_routes(RouteTable& table);      // presence
void add_message_sync_routes(RouteTable& table);  // multi-device sync, recall and edit
// The admin API (docs/operations.md "Admin API").
void add_admin_routes(RouteTable& table);

// Every controller's routes: the table the listener serves and the OpenAPI document describes.
RouteTable make_api_routes();

}  // namespace im::host
