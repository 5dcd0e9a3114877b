// Group read receipts read back (ReceiptStore; docs/protocol-extensions.md "Group read receipts").
#include "im/storage/receipt_store.hpp"
#include "server/adapters/mariadb/rows.hpp"
#include "server/adapters/mariadb/store.hpp"

namespace im::host::mariadb {

namespace {

class Receipts final : public ReceiptStore, private Tables {
 public:
  using Tables::Tables;

  StoreResult<std::vector<ReadMark>> group_read_marks(GroupId group) override {
    return database_->run([&](Lease& l) {
      // A group receipt's row is (sender = group, receiver = reader) (docs/contract/data-model.md
      // 2.11, the convention of docs/protocol-extensions.md 2); only current members count.
      auto rows = l->query(
          "SELECT r.`receiver`, r.`lastRead` FROM `MessageReads` r "
          "JOIN `Members` m ON m.`groupId` = ? AND m.`userId` = r.`receiver` "
          "WHERE r.`sender` = ? AND r.`lastRead` IS NOT NULL",
          {group, group});
      return read_all(rows, [](const Row& row) { return ReadMark{row.i64(0), row.i64(1)}; });
    });
  }
};

}  // namespace

std::shared_ptr<ReceiptStore> make_receipt_store(std::shared_ptr<MariaDbDatabase> database) {
  return std::make_shared<Receipts>(std::move(database));
}

}  // namespace im::host::mariadb
