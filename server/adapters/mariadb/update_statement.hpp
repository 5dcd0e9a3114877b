// A partial UPDATE (the ports' patches): it sets the row's time column and each field of the
// patch that is present, and leaves the other columns out of the statement.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "server/adapters/mariadb/mariadb_connection.hpp"
#include "server/adapters/mariadb/value.hpp"

namespace im::host::mariadb {

class UpdateStatement {
 public:
  // Params hold views: `time` and every value given to set() must outlive run().
  UpdateStatement(std::string_view table, std::string_view time_column, const std::string& time)
      : sql_("UPDATE `" + std::string(table) + "` SET `" + std::string(time_column) + "` = ?"),
        params_{time} {}
  UpdateStatement(const UpdateStatement&) = delete;
  UpdateStatement& operator=(const UpdateStatement&) = delete;

  // Sets `column` to the value when the field is present (a present null writes NULL).
  template <class T>
  UpdateStatement& set(std::string_view column, const std::optional<T>& field) {
    if (field) {
      sql_.append(", `").append(column).append("` = ?");
      params_.emplace_back(*field);
    }
    return *this;
  }

  // Runs it on the rows matching `where` (with its `?` parameters); returns the matched rows.
  std::uint64_t run(MariaDbConnection& c, std::string_view where,
                    std::initializer_list<Param> keys) {
    sql_.append(" WHERE ").append(where);
    params_.insert(params_.end(), keys);
    return c.exec(sql_, params_);
  }

 private:
  std::string sql_;
  Params params_;
};

}  // namespace im::host::mariadb
