#include "server/http/handlers/handlers.hpp"

namespace im::host {

RouteTable make_api_routes() {
  RouteTable table;
  add_app_routes(table);
  add_user_routes(table);
  add_permission_routes(table);
  add_friend_routes(table);
  add_group_routes(table);
  add_event_notify_routes(table);
  add_event_message_routes(table);
  add_event_upload_routes(table);
  add_electron_routes(table);
  add_block_routes(table);
  add_history_routes(table);
  add_presence_routes(table);
  add_admin_routes(table);
  add_message_sync_routes(table);
  return table;
}

}  // namespace im::host
