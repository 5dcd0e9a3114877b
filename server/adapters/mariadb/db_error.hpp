// Errors inside the MariaDB adapter travel as exceptions and become StoreError values at the
// Storage boundary (store.hpp `run`), which keeps every query path short.
#pragma once

#include <stdexcept>
#include <string>

#include "im/storage.hpp"

namespace im::host::mariadb {

class DbError : public std::runtime_error {
 public:
  DbError(StoreErrc code, unsigned server_errno, const std::string& what)
      : std::runtime_error(what), code_(code), errno_(server_errno) {}
  StoreErrc code() const { return code_; }
  unsigned server_errno() const { return errno_; }
  // Deadlocks and lock wait timeouts: the whole transaction may be run again.
  bool retryable() const;

 private:
  StoreErrc code_;
  unsigned errno_;
};

// Maps a client or server error number to the port's error kinds.
StoreErrc classify(unsigned err);
// True for errors after which the connection must not be used again.
bool connection_lost(unsigned err);

}  // namespace im::host::mariadb
