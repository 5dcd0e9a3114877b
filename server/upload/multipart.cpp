#include "server/upload/multipart.hpp"

#include <algorithm>
#include <cctype>

namespace im::host::upload {
namespace {

constexpr std::size_t kMaxHeaderBlock = 16 * 1024;
constexpr std::size_t kMaxDelimiterPadding = 256;

// The limits hold whatever the chunking: a block of `limit` bytes is accepted once its
// terminator is seen; without the terminator, the buffer may still hold the block plus all but
// the last byte of the terminator, and only more than that is over the limit.
bool over_limit(std::size_t end, std::size_t buffered, std::size_t limit,
                std::size_t terminator_size) {
  return end == std::string::npos ? buffered > limit + terminator_size - 1 : end > limit;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The value of `key` in a header's parameters (`form-data; name="file"; filename="a.png"`).
std::optional<std::string> parameter(std::string_view header, std::string_view key) {
  std::size_t pos = 0;
  while (pos < header.size()) {
    auto semi = header.find(';', pos);
    if (semi == std::string_view::npos) return std::nullopt;
    pos = semi + 1;
    auto rest = trim(header.substr(pos));
    auto eq = rest.find('=');
    if (eq == std::string_view::npos) continue;
    if (lower(trim(rest.substr(0, eq))) != key) continue;
    auto value = rest.substr(eq + 1);
    if (!value.empty() && value.front() == '"') {
      std::string out;
      for (std::size_t i = 1; i < value.size(); ++i) {
        if (value[i] == '\\' && i + 1 < value.size()) {
          out += value[++i];
        } else if (value[i] == '"') {
          return out;
        } else {
          out += value[i];
        }
      }
      return out;  // unterminated quote: take what is there
    }
    auto end = value.find(';');
    return std::string(trim(value.substr(0, end)));
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> MultipartParser::boundary_of(std::string_view content_type) {
  auto semi = content_type.find(';');
  if (lower(trim(content_type.substr(0, semi))) != "multipart/form-data") return std::nullopt;
  auto boundary = parameter(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 70) return std::nullopt;
  return boundary;
}

MultipartParser::MultipartParser(std::string boundary) : delimiter_("\r\n--" + boundary) {
  // The first delimiter may open the body without the leading CRLF.
  buffer_ = "\r\n";
}

bool MultipartParser::fail(std::string message) {
  state_ = State::failed;
  error_ = std::move(message);
  return false;
}

bool MultipartParser::parse_headers(std::string_view block, PartHeader& header) {
  bool saw_disposition = false;
  while (!block.empty()) {
    auto eol = block.find("\r\n");
    auto line = block.substr(0, eol);
    block = eol == std::string_view::npos ? std::string_view() : block.substr(eol + 2);
    auto colon = line.find(':');
    if (colon == std::string_view::npos) return fail("malformed part header");
    auto name = lower(trim(line.substr(0, colon)));
    auto value = trim(line.substr(colon + 1));
    if (name == "content-disposition") {
      auto semi = value.find(';');
      if (lower(trim(value.substr(0, semi))) != "form-data") return fail("part is not form-data");
      header.name = parameter(value, "name").value_or("");
      header.filename = parameter(value, "filename");
      saw_disposition = true;
    } else if (name == "content-type") {
      header.content_type = std::string(value);
    }
  }
  if (!saw_disposition) return fail("part without Content-Disposition");
  return true;
}

bool MultipartParser::feed(std::string_view chunk, PartHandler& handler) {
  if (state_ == State::failed) return false;
  if (state_ == State::done) return true;  // the epilogue is ignored
  buffer_.append(chunk);
  for (;;) {
    switch (state_) {
      case State::preamble: {
        auto at = buffer_.find(delimiter_);
        if (at == std::string::npos) {
          // Keep only what could still be the start of the delimiter.
          if (buffer_.size() > delimiter_.size())
            buffer_.erase(0, buffer_.size() - delimiter_.size());
          return true;
        }
        buffer_.erase(0, at + delimiter_.size());
        state_ = State::after_delimiter;
        break;
      }
      case State::after_delimiter: {
        if (buffer_.size() < 2) return true;
        if (buffer_.compare(0, 2, "--") == 0) {
          state_ = State::done;
          buffer_.clear();
          return true;
        }
        // Transport padding (spaces/tabs) may follow a delimiter before its CRLF.
        auto eol = buffer_.find("\r\n");
        if (over_limit(eol, buffer_.size(), kMaxDelimiterPadding, 2))
          return fail("malformed delimiter line");
        if (eol == std::string::npos) return true;
        if (buffer_.find_first_not_of(" \t") < eol) return fail("malformed delimiter line");
        buffer_.erase(0, eol + 2);
        state_ = State::headers;
        break;
      }
      case State::headers: {
        auto end = buffer_.find("\r\n\r\n");
        if (over_limit(end, buffer_.size(), kMaxHeaderBlock, 4))
          return fail("part headers too large");
        if (end == std::string::npos) {
          // A part may have no headers at all: then the block is just CRLF.
          if (buffer_.rfind("\r\n", 0) == 0) return fail("part without Content-Disposition");
          return true;
        }
        PartHeader header;
        if (!parse_headers(std::string_view(buffer_).substr(0, end), header)) return false;
        buffer_.erase(0, end + 4);
        if (!handler.on_part_begin(header)) return fail("stopped");
        state_ = State::body;
        break;
      }
      case State::body: {
        auto at = buffer_.find(delimiter_);
        if (at == std::string::npos) {
          // Hand over all but a possible partial delimiter at the end.
          if (buffer_.size() > delimiter_.size()) {
            std::size_t safe = buffer_.size() - delimiter_.size();
            if (!handler.on_part_data(std::string_view(buffer_).substr(0, safe)))
              return fail("stopped");
            buffer_.erase(0, safe);
          }
          return true;
        }
        if (at > 0 && !handler.on_part_data(std::string_view(buffer_).substr(0, at)))
          return fail("stopped");
        if (!handler.on_part_end()) return fail("stopped");
        buffer_.erase(0, at + delimiter_.size());
        state_ = State::after_delimiter;
        break;
      }
      case State::done:
        return true;
      case State::failed:
        return false;
    }
  }
}

}  // namespace im::host::upload
