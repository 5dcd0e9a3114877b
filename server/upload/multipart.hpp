// A streaming multipart/form-data parser (RFC 7578): parts are handed over chunk by chunk, so
// that uploads go to disk without ever being held in memory whole (S14).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace im::host::upload {

struct PartHeader {
  std::string name;                     // form field name
  std::optional<std::string> filename;  // present for file parts
  std::string content_type;
};

class PartHandler {
 public:
  virtual ~PartHandler() = default;
  // Return false from any callback to stop parsing (e.g. a size limit was hit).
  virtual bool on_part_begin(const PartHeader& header) = 0;
  virtual bool on_part_data(std::string_view bytes) = 0;
  virtual bool on_part_end() = 0;
};

class MultipartParser {
 public:
  // The boundary parameter of a multipart/form-data Content-Type, or nullopt.
  static std::optional<std::string> boundary_of(std::string_view content_type);

  explicit MultipartParser(std::string boundary);

  // Feeds the next chunk of the body. False when the body is malformed or a handler stopped;
  // error() then says which.
  bool feed(std::string_view chunk, PartHandler& handler);
  // True once the closing delimiter has been seen.
  bool finished() const { return state_ == State::done; }
  const std::string& error() const { return error_; }

 private:
  enum class State { preamble, after_delimiter, headers, body, done, failed };
  bool fail(std::string message);
  bool parse_headers(std::string_view block, PartHeader& header);

  std::string delimiter_;  // "\r\n--" + boundary
  std::string buffer_;
  State state_ = State::preamble;
  std::string error_;
};

}  // namespace im::host::upload
