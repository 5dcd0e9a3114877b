// Partial updates of a row, shared by the ports that change a few columns at a time.
#pragma once

#include <optional>

namespace im {

// A field that is absent leaves the column alone; present-with-nullopt writes NULL.
template <class T>
using Patch = std::optional<std::optional<T>>;

}  // namespace im
