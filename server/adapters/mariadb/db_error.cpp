#include "server/adapters/mariadb/db_error.hpp"

#include <mariadb/errmsg.h>
#include <mariadb/mysqld_error.h>

namespace im::host::mariadb {

bool DbError::retryable() const {
  return errno_ == ER_LOCK_DEADLOCK || errno_ == ER_LOCK_WAIT_TIMEOUT;
}

bool connection_lost(unsigned err) {
  switch (err) {
    case CR_SERVER_GONE_ERROR:
    case CR_SERVER_LOST:
    case CR_CONNECTION_ERROR:
    case CR_CONN_HOST_ERROR:
    case CR_UNKNOWN_HOST:
    case CR_SERVER_LOST_EXTENDED:
    case CR_COMMANDS_OUT_OF_SYNC:  // the protocol state is unknown: start afresh
    case ER_SERVER_SHUTDOWN:
    case ER_CONNECTION_KILLED:
    case 4031:  // ER_CLIENT_INTERACTION_TIMEOUT (server closed an idle connection)
      return true;
    default:
      return false;
  }
}

StoreErrc classify(unsigned err) {
  switch (err) {
    case ER_DUP_ENTRY:
    case ER_DUP_UNIQUE:
      return StoreErrc::conflict;
    case ER_NO_REFERENCED_ROW:
    case ER_ROW_IS_REFERENCED:
    case ER_NO_REFERENCED_ROW_2:
    case ER_ROW_IS_REFERENCED_2:
      return StoreErrc::foreign_key;
    default:
      return connection_lost(err) ? StoreErrc::unavailable : StoreErrc::other;
  }
}

}  // namespace im::host::mariadb
