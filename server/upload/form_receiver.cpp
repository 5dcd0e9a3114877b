#include "server/upload/form_receiver.hpp"

#include "server/upload/file_names.hpp"

namespace im::host::upload {
namespace {

constexpr std::size_t kMaxFieldBytes = 64 * 1024;
constexpr std::size_t kMaxParts = 64;

}  // namespace

FormReceiver::FormReceiver(std::filesystem::path staging_dir, std::uint64_t max_file_bytes)
    : staging_dir_(std::move(staging_dir)), max_file_bytes_(max_file_bytes) {}

FormReceiver::~FormReceiver() {
  current_file_.close();
  std::error_code ec;
  for (const auto& f : files_) std::filesystem::remove(f.staged_path, ec);
}

bool FormReceiver::on_part_begin(const PartHeader& header) {
  if (++parts_ > kMaxParts) {
    failure_ = Failure::too_many_parts;
    return false;
  }
  if (!header.filename) {
    current_field_ = header.name;
    fields_[header.name].clear();
    return true;
  }
  std::error_code ec;
  std::filesystem::create_directories(staging_dir_, ec);
  try {
    ReceivedFile file;
    file.field = header.name;
    file.original_name = *header.filename;
    file.safe_name = safe_base_name(*header.filename);
    file.staged_path = claim_unique_path(staging_dir_, "part-" + file.safe_name);
    current_file_.open(file.staged_path, std::ios::binary | std::ios::trunc);
    if (!current_file_) throw std::runtime_error("open");
    files_.push_back(std::move(file));
    in_file_ = true;
    return true;
  } catch (const std::exception&) {
    failure_ = Failure::io_error;
    return false;
  }
}

bool FormReceiver::on_part_data(std::string_view bytes) {
  if (in_file_) {
    auto& file = files_.back();
    file.size += bytes.size();
    if (file.size > max_file_bytes_) {
      failure_ = Failure::file_too_large;
      return false;
    }
    current_file_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!current_file_) {
      failure_ = Failure::io_error;
      return false;
    }
    return true;
  }
  auto& value = fields_[current_field_.value_or("")];
  if (value.size() + bytes.size() > kMaxFieldBytes) {
    failure_ = Failure::field_too_large;
    return false;
  }
  value.append(bytes);
  return true;
}

bool FormReceiver::on_part_end() {
  if (in_file_) {
    current_file_.close();
    in_file_ = false;
    if (!current_file_) {
      failure_ = Failure::io_error;
      return false;
    }
  }
  current_field_.reset();
  return true;
}

std::optional<std::string> FormReceiver::field(const std::string& name) const {
  auto it = fields_.find(name);
  if (it == fields_.end()) return std::nullopt;
  return it->second;
}

std::vector<ReceivedFile> FormReceiver::files(const std::string& field) const {
  std::vector<ReceivedFile> out;
  for (const auto& f : files_)
    if (f.field == field) out.push_back(f);
  return out;
}

}  // namespace im::host::upload
