// multipart/form-data uploads: the first input line is a Content-Type (boundary_of picks the
// boundary), the rest is the body. The streaming parser must not depend on how the body is cut
// into chunks: fed whole and fed in small pieces, a body that parses completely either way
// gives the same parts both ways.
#include <vector>

#include "server/upload/multipart.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

namespace upload = im::host::upload;

struct Part {
  std::string name;
  std::optional<std::string> filename;
  std::string content_type;
  std::string data;
  bool ended = false;
  bool operator==(const Part&) const = default;
};

struct Collector : upload::PartHandler {
  std::vector<Part> parts;
  bool on_part_begin(const upload::PartHeader& h) override {
    parts.push_back({h.name, h.filename, h.content_type, {}, false});
    return true;
  }
  bool on_part_data(std::string_view bytes) override {
    im::fuzz::require(!parts.empty() && !parts.back().ended, "data only inside a part");
    parts.back().data.append(bytes);
    return true;
  }
  bool on_part_end() override {
    im::fuzz::require(!parts.empty() && !parts.back().ended, "a part ends once");
    parts.back().ended = true;
    return true;
  }
};

struct Outcome {
  bool complete = false;  // no error and the closing delimiter seen
  std::vector<Part> parts;
};

Outcome parse(const std::string& boundary, std::string_view body, std::size_t step) {
  upload::MultipartParser parser(boundary);
  Collector collector;
  bool ok = true;
  for (std::size_t at = 0; ok && at < body.size(); at += step)
    ok = parser.feed(body.substr(at, step), collector);
  return {ok && parser.finished(), std::move(collector.parts)};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto input = im::fuzz::as_text(data, size);
  auto newline = input.find('\n');
  if (newline == std::string_view::npos) return 0;
  auto boundary = upload::MultipartParser::boundary_of(input.substr(0, newline));
  if (!boundary) return 0;
  auto body = input.substr(newline + 1);

  auto whole = parse(*boundary, body, body.size() + 1);
  auto pieces = parse(*boundary, body, 1 + size % 7);
  if (whole.complete || pieces.complete) {
    im::fuzz::require(whole.complete && pieces.complete, "chunking does not decide success");
    im::fuzz::require(whole.parts == pieces.parts, "chunking does not change the parts");
  }
  return 0;
}
