// Electron releases (docs/contract/http-api.md X1-X3, B22, B23): files go to the release folder
// under MULTER_DEST and one `Electrons` row per published archive is stored.
#pragma once

#include <optional>
#include <string>

#include "im/clock.hpp"
#include "im/result.hpp"
#include "im/storage/release_store.hpp"
#include "server/upload/form_receiver.hpp"

namespace im::host::upload {

class ReleasePublisher {
 public:
  ReleasePublisher(ReleaseStore& releases, Clock& clock, std::string multer_dest);

  // X1: fields platform, archs, version; files `yml` (at most one) and `app` (one or more).
  Result<std::string> publish_full(FormReceiver& form);
  // X2: fields platform, version; files `app` named `<archs>.zip`.
  Result<std::string> publish_asar(FormReceiver& form);

  // X3: nullopt means "No update available." (statusCode 204 in a 200 reply).
  Result<std::optional<Release>> info_for_asar(const std::optional<std::string>& platform,
                                               const std::optional<std::string>& archs,
                                               const std::optional<std::string>& version);

 private:
  Result<std::string> publish(const std::string& type, const std::filesystem::path& folder,
                              const std::string& platform, const std::string& version,
                              const std::vector<ReceivedFile>& files, std::vector<Release> rows);
  ReleaseStore& releases_;
  Clock& clock_;
  std::string multer_dest_;
};

}  // namespace im::host::upload
