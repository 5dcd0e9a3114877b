// Read-only work on connections of its own. In WAL mode a reader sees the last commit and never
// waits for the writer, so the reads that network threads may run (Database::fast_reads) do not
// queue behind a commit's fsync on the main connection's mutex. Connections are opened on first
// use and kept for the next lease.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/sqlite/connection.hpp"

namespace im::sqlite {

class ReaderPool {
 public:
  // `path` of a file database; in-memory databases cannot be shared between connections, so
  // for them the pool stays disabled.
  explicit ReaderPool(const std::string& path);

  bool enabled() const { return enabled_; }

  class Lease {
   public:
    Lease(ReaderPool& pool, std::unique_ptr<Db> db) : pool_(pool), db_(std::move(db)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { pool_.give_back(std::move(db_)); }
    Db& db() { return *db_; }

   private:
    ReaderPool& pool_;
    std::unique_ptr<Db> db_;
  };

  // A connection for the caller's exclusive use until the lease ends.
  Lease lease();

 private:
  void give_back(std::unique_ptr<Db> db);

  std::string path_;
  bool enabled_ = false;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Db>> idle_;
};

}  // namespace im::sqlite
