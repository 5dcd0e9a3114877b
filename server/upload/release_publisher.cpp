#include "server/upload/release_publisher.hpp"

#include <algorithm>

#include "im/log.hpp"

namespace im::host::upload {
namespace fs = std::filesystem;

namespace {

bool allowed_platform(const std::string& p) {
  return p == "macos" || p == "windows";
}
bool allowed_archs(const std::string& a) {
  return a == "x32" || a == "x64" || a == "arm64";
}

Error validation_error(const char* field) {
  return Error{500, std::string("SequelizeValidationError: Validation error: Validation isIn on ") +
                        field + " failed"};
}

Error already_exists(const std::string& version, const std::string& platform) {
  return Error{500, "UnprocessableEntityException: The current version[" + version +
                        "] already exists under the platform[" + platform + "]."};
}

// A version becomes one path segment: nothing that could climb out of the release folder.
bool safe_segment(const std::string& s) {
  return !s.empty() && s.size() <= 64 && s != "." && s != ".." &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) {
           return std::isalnum(c) || c == '.' || c == '-' || c == '_' || c == '+';
         });
}

}  // namespace

ReleasePublisher::ReleasePublisher(ReleaseStore& releases, Clock& clock, std::string multer_dest)
    : releases_(releases), clock_(clock), multer_dest_(std::move(multer_dest)) {}

Result<std::string> ReleasePublisher::publish(const std::string& type, const fs::path& folder,
                                              const std::string& platform,
                                              const std::string& version,
                                              const std::vector<ReceivedFile>& files,
                                              std::vector<Release> rows) {
  std::error_code ec;
  if (fs::exists(folder, ec)) return already_exists(version, platform);
  if (!fs::create_directories(folder, ec) || ec)
    return Error{500, "Error: The release folder could not be created."};
  // On any failure below, remove exactly what this request created (B22).
  auto undo = [&] { fs::remove_all(folder, ec); };
  for (const auto& f : files) {
    fs::rename(f.staged_path, folder / f.safe_name, ec);
    if (ec) {
      undo();
      return Error{500, "Error: The release files could not be stored."};
    }
  }
  Seconds now = clock_.now_s();
  for (auto& r : rows) {
    r.type = type;
    r.created_at = r.updated_at = now;
  }
  if (auto stored = releases_.create_releases(rows); !stored) {
    log::error("release {} {} not recorded: {}", platform, version, stored.error().detail);
    undo();
    return Error{500, "Error: The release could not be recorded."};
  }
  return std::string("Upload successed.");
}

Result<std::string> ReleasePublisher::publish_full(FormReceiver& form) {
  auto platform = form.field("platform").value_or("");
  auto archs = form.field("archs").value_or("");
  auto version = form.field("version").value_or("");
  if (!safe_segment(version)) return Error{500, "Error: A valid version is required."};
  if (!allowed_platform(platform)) return validation_error("platform");
  if (!allowed_archs(archs)) return validation_error("archs");
  // Folder layout of X1: Windows builds are per architecture, macOS builds are universal.
  fs::path folder = fs::path(multer_dest_) / "electron" / "full" / version / platform;
  if (platform == "windows") folder /= archs;
  auto apps = form.files("app");
  auto ymls = form.files("yml");
  if (apps.empty() || ymls.size() > 1)
    return Error{500, "Error: One or more app files are required."};
  auto files = apps;
  files.insert(files.end(), ymls.begin(), ymls.end());
  Release row;
  row.platform = platform;
  row.archs = archs;
  row.version = version;
  auto result = publish("full", folder, platform, version, files, {row});
  if (result) form.release_files();
  return result;
}

Result<std::string> ReleasePublisher::publish_asar(FormReceiver& form) {
  auto platform = form.field("platform").value_or("");
  auto version = form.field("version").value_or("");
  if (!safe_segment(version)) return Error{500, "Error: A valid version is required."};
  if (!allowed_platform(platform)) return validation_error("platform");
  auto apps = form.files("app");
  if (apps.empty()) return Error{500, "Error: One or more app files are required."};
  std::vector<Release> rows;
  for (const auto& f : apps) {
    Release row;
    row.platform = platform;
    row.version = version;
    row.archs = f.safe_name.substr(0, f.safe_name.find('.'));  // "<archs>.zip"
    if (!allowed_archs(row.archs)) return validation_error("archs");
    rows.push_back(std::move(row));
  }
  fs::path folder = fs::path(multer_dest_) / "electron" / "asar" / version / platform;
  auto result = publish("asar", folder, platform, version, apps, std::move(rows));
  if (result) form.release_files();
  return result;
}

Result<std::optional<Release>> ReleasePublisher::info_for_asar(
    const std::optional<std::string>& platform, const std::optional<std::string>& archs,
    const std::optional<std::string>& version) {
  if (!platform || !archs) return Error::internal();  // as the original
  auto row = releases_.latest_active_release(*platform, *archs);
  if (!row) return Error::internal();
  if (!row.value() || (version && row.value()->version == *version))
    return std::optional<Release>();
  return row.value();
}

}  // namespace im::host::upload
