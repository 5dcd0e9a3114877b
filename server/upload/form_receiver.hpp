// Receives a multipart form: text fields are kept in memory (small), file parts are streamed to
// files in a staging folder with a per-file size limit (S14).
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "server/upload/multipart.hpp"

namespace im::host::upload {

struct ReceivedFile {
  std::string field;
  std::string original_name;          // as the client sent it
  std::string safe_name;              // safe_base_name(original_name)
  std::filesystem::path staged_path;  // where the bytes are now
  std::uint64_t size = 0;
};

class FormReceiver final : public PartHandler {
 public:
  enum class Failure { none, file_too_large, field_too_large, too_many_parts, io_error };

  // Files go to `staging_dir` (created if missing) under unique names.
  FormReceiver(std::filesystem::path staging_dir, std::uint64_t max_file_bytes);
  ~FormReceiver() override;  // removes staged files that were not taken

  bool on_part_begin(const PartHeader& header) override;
  bool on_part_data(std::string_view bytes) override;
  bool on_part_end() override;

  Failure failure() const { return failure_; }
  const std::map<std::string, std::string>& fields() const { return fields_; }
  std::optional<std::string> field(const std::string& name) const;
  std::vector<ReceivedFile> files(const std::string& field) const;
  // Hands the staged files over to the caller: they are no longer removed on destruction.
  void release_files() { files_.clear(); }

 private:
  std::filesystem::path staging_dir_;
  std::uint64_t max_file_bytes_;
  std::map<std::string, std::string> fields_;
  std::vector<ReceivedFile> files_;
  std::optional<std::string> current_field_;  // text part in progress
  std::ofstream current_file_;
  bool in_file_ = false;
  std::size_t parts_ = 0;
  Failure failure_ = Failure::none;
};

}  // namespace im::host::upload
