#include "server/adapters/mariadb/rows.hpp"

#include "im/time_format.hpp"

namespace im::host::mariadb {

std::string db_time(Seconds t) {
  return to_db_datetime(t);
}

}  // namespace im::host::mariadb
