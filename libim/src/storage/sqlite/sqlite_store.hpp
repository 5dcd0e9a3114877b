// The SQLite adapter: SqliteDatabase (one main connection guarded by a mutex, plus the reader
// pool) and the ports built on it. SQLite serialises writers anyway, and a single connection
// keeps ":memory:" databases private and simple; the mutex also serialises the delivery
// bookkeeping per receiver (docs/contract/realtime.md 8.2).
//
// One port per file: users.cpp, permissions.cpp, friends.cpp, notifies.cpp, groups.cpp,
// messages.cpp, releases.cpp, blocks.cpp, history.cpp, presence.cpp, receipts.cpp and admin.cpp;
// schema.cpp holds the DDL, migrations and seeds.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "im/sqlite_storage.hpp"
#include "im/storage.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/reader_pool.hpp"

namespace im::sqlite {

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(const std::string& path, SqliteSync sync = SqliteSync::full);

  void migrate() override;
  bool ping() override;
  bool fast_reads() const override { return readers_.enabled(); }

  // `body()` on the main connection (main()), under its mutex; every exception it throws
  // becomes a StoreError, so no exception leaves a port call (RAII statements and transactions
  // clean up while unwinding).
  template <class F>
  auto guarded(F&& body) -> StoreResult<decltype(body())> {
    std::lock_guard lock(mutex_);
    return caught(std::forward<F>(body));
  }

  // The fast reads (Database::fast_reads), `body(db)`: on a reader connection of a file
  // database (never waiting for the writer), on the main one under its mutex otherwise.
  template <class F>
  auto read_guarded(F&& body) -> StoreResult<decltype(body(std::declval<Db&>()))> {
    if (!readers_.enabled()) return guarded([&] { return body(db_); });
    return caught([&] {
      auto lease = readers_.lease();
      return body(lease.db());
    });
  }

  Db& main() { return db_; }

 private:
  template <class F>
  static auto caught(F&& body) -> StoreResult<decltype(body())> {
    try {
      return body();
    } catch (const SqlError& e) {
      return StoreError{e.code(), e.what()};
    } catch (const std::exception& e) {
      return StoreError{StoreErrc::other, e.what()};
    } catch (...) {
      return StoreError{StoreErrc::other, "unknown error"};
    }
  }

  std::mutex mutex_;
  Db db_;
  ReaderPool readers_;
};

// What every port of the adapter holds: the shared database.
class Tables {
 public:
  explicit Tables(std::shared_ptr<SqliteDatabase> database)
      : database_(std::move(database)), db_(database_->main()) {}

 protected:
  std::shared_ptr<SqliteDatabase> database_;
  Db& db_;  // the main connection: only inside database_->guarded()
};

std::shared_ptr<UserStore> make_user_store(std::shared_ptr<SqliteDatabase> database);
std::shared_ptr<PermissionStore> make_permission_store(std::shared_ptr<SqliteDatabase> database);
std::shared_ptr<FriendStore> make_friend_store(std::shared_ptr<SqliteDatabase> database);
std::shared_ptr<NotifyStore> make_notify_store(std::shared_ptr<SqliteDatabase> database);
std::shared_ptr<GroupStore> make_group_store(std::shared_ptr<SqliteDatabase> database);
std::shared_ptr<MessageStore> make_message_store(std::shared_ptr<SqliteDatabase> database);
std::shared_ptr<ReleaseStore> make_release_store(std::shared_ptr<SqliteDatabase> database);
std::shared_ptr<BlockStore> make_block_store(std::shared_ptr<SqliteDatabase> database);
std::shared_ptr<HistoryStore> make_history_store(std::shared_ptr<SqliteDatabase> database);
std::shared_ptr<PresenceStore> make_presence_store(std::shared_ptr<SqliteDatabase> database);
std::shared_ptr<ReceiptStore> make_receipt_store(std::shared_ptr<SqliteDatabase> database);
std::shared_ptr<AdminStore> make_admin_store(std::shared_ptr<SqliteDatabase> database);
std::shared_ptr<SyncStore> make_sync_store(std::shared_ptr<SqliteDatabase> database);
std::shared_ptr<PushOutboxStore> make_push_outbox_store(std::shared_ptr<SqliteDatabase> database);

}  // namespace im::sqlite
