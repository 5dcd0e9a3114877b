// A fixed-size connection pool with RAII leases (B10: every path returns its connection and
// ends its transaction). Dead connections are dropped and replaced on the next acquire, which
// is how the adapter survives a server restart.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "server/adapters/mariadb/mariadb_connection.hpp"
#include "server/config/host_config.hpp"

namespace im::host::mariadb {

class Pool;

class Lease {
 public:
  Lease(Pool& pool, std::unique_ptr<MariaDbConnection> conn)
      : pool_(&pool), conn_(std::move(conn)) {}
  Lease(Lease&& other) noexcept;
  Lease& operator=(Lease&&) = delete;
  ~Lease();

  MariaDbConnection* operator->() { return conn_.get(); }
  MariaDbConnection& operator*() { return *conn_; }

  void begin();
  void commit();

 private:
  Pool* pool_;
  std::unique_ptr<MariaDbConnection> conn_;
  bool in_transaction_ = false;
};

class Pool {
 public:
  explicit Pool(DatabaseConfig config);
  // Throws DbError(unavailable) when no connection frees up in time or the server is down.
  Lease acquire();
  int size() const { return size_; }
  int in_use() const;

 private:
  friend class Lease;
  void release(std::unique_ptr<MariaDbConnection> conn);

  DatabaseConfig config_;
  int size_;
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<MariaDbConnection>> idle_;
  int leased_ = 0;
};

}  // namespace im::host::mariadb
