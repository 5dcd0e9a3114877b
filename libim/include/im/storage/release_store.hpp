// Storage port: Electron release records (docs/contract/data-model.md 2.13).
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "im/result.hpp"
#include "im/types.hpp"

namespace im {

class ReleaseStore {
 public:
  virtual ~ReleaseStore() = default;

  virtual StoreResult<Done> create_releases(std::span<const Release> releases) = 0;
  // The active row for platform/archs with the highest id (B23).
  virtual StoreResult<std::optional<Release>> latest_active_release(std::string_view platform,
                                                                    std::string_view archs) = 0;
};

}  // namespace im
