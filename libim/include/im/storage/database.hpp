// The database behind the storage ports (im/storage.hpp): its schema and its health. The engine
// migrates it at start-up; the host asks it for /healthz and whether reads may run inline.
#pragma once

namespace im {

class Database {
 public:
  virtual ~Database() = default;

  // Creates or migrates the schema and inserts the missing seeds (docs/contract/data-model.md 3, 6,
  // 7). Throws std::runtime_error on failure: this runs at start-up only.
  virtual void migrate() = 0;
  // True when the database answers (for /healthz).
  virtual bool ping() = 0;
  // True when the reads marked "fast read" in the ports (FriendStore::list_friends) neither go
  // over the network nor wait for another connection's commit, so that a network thread may
  // call them (the host then serves the routes made only of them on its I/O threads).
  virtual bool fast_reads() const { return false; }
};

}  // namespace im
