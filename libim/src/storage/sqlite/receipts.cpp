// Group read receipts read back (ReceiptStore; docs/protocol-extensions.md "Group read receipts").
#include "im/storage/receipt_store.hpp"
#include "storage/sqlite/rows.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace im::sqlite {

namespace {

class Receipts final : public ReceiptStore, private Tables {
 public:
  using Tables::Tables;

  StoreResult<std::vector<ReadMark>> group_read_marks(GroupId group) override {
    return database_->read_guarded([&](Db& db) {
      // A group receipt's row is (sender = group, receiver = reader) (docs/contract/data-model.md
      // 2.11, the convention of docs/protocol-extensions.md 2); only current members count.
      auto st = db.prepare(
          R"sql(SELECT r."receiver", r."lastRead" FROM "MessageReads" r
                JOIN "Members" m ON m."groupId" = ?1 AND m."userId" = r."receiver"
                WHERE r."sender" = ?1 AND r."lastRead" IS NOT NULL)sql");
      return st.bind(group).all([](const Stmt& row) { return ReadMark{row.i64(0), row.i64(1)}; });
    });
  }
};

}  // namespace

std::shared_ptr<ReceiptStore> make_receipt_store(std::shared_ptr<SqliteDatabase> database) {
  return std::make_shared<Receipts>(std::move(database));
}

}  // namespace im::sqlite
