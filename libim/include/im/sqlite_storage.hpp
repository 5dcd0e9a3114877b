// The embedded Storage adapter (SQLite). ":memory:" gives a private in-memory database.
#pragma once

#include <memory>
#include <string>

#include "im/storage.hpp"

namespace im {

std::shared_ptr<Storage> make_sqlite_storage(const std::string& path);

}  // namespace im
