#include "storage/sqlite/reader_pool.hpp"

namespace im::sqlite {

namespace {

constexpr std::size_t kMaxIdle = 32;  // more would only be open files nobody waits for

bool in_memory(const std::string& path) {
  return path.empty() || path == ":memory:" || path.rfind("file::memory:", 0) == 0 ||
         path.find("mode=memory") != std::string::npos;
}

}  // namespace

ReaderPool::ReaderPool(const std::string& path) : path_(path), enabled_(!in_memory(path)) {}

ReaderPool::Lease ReaderPool::lease() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto db = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(db));
    }
  }
  // The main connection created the file and set WAL mode (persistent in the file).
  return Lease(*this, std::make_unique<Db>(path_, /*create=*/false));
}

void ReaderPool::give_back(std::unique_ptr<Db> db) {
  std::lock_guard lock(mutex_);
  if (idle_.size() < kMaxIdle) idle_.push_back(std::move(db));
}

}  // namespace im::sqlite
