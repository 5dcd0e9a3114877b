#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <vector>

#include "server/static/static_files.hpp"
#include "server/upload/file_names.hpp"
#include "server/upload/media_upload.hpp"
#include "server/upload/multipart.hpp"
#include "server/upload/thumbnails.hpp"

using namespace im::host;
namespace fs = std::filesystem;

namespace {

struct Collected : upload::PartHandler {
  struct Part {
    upload::PartHeader header;
    std::string data;
  };
  std::vector<Part> parts;
  std::size_t limit = SIZE_MAX;
  bool on_part_begin(const upload::PartHeader& h) override {
    parts.push_back({h, {}});
    return true;
  }
  bool on_part_data(std::string_view bytes) override {
    parts.back().data.append(bytes);
    return parts.back().data.size() <= limit;
  }
  bool on_part_end() override { return true; }
};

const std::string kBody =
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"platform\"\r\n\r\n"
    "windows\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"file\"; filename=\"../../x.png\"\r\n"
    "Content-Type: image/png\r\n\r\n"
    "\x89PNG\r\n--Xy not a delimiter\r\n"
    "\r\n--XyZ--\r\n";

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("im-upload-test-" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
};

}  // namespace

TEST_CASE("multipart parts arrive whole whatever the chunking", "[multipart]") {
  CHECK(upload::MultipartParser::boundary_of("multipart/form-data; boundary=XyZ") == "XyZ");
  CHECK(upload::MultipartParser::boundary_of("multipart/form-data; boundary=\"a b\"") == "a b");
  CHECK_FALSE(upload::MultipartParser::boundary_of("application/json").has_value());
  for (std::size_t step : {1u, 2u, 3u, 7u, 1000u}) {
    upload::MultipartParser parser("XyZ");
    Collected c;
    for (std::size_t i = 0; i < kBody.size(); i += step)
      REQUIRE(parser.feed(std::string_view(kBody).substr(i, step), c));
    CHECK(parser.finished());
    REQUIRE(c.parts.size() == 2);
    CHECK(c.parts[0].header.name == "platform");
    CHECK_FALSE(c.parts[0].header.filename.has_value());
    CHECK(c.parts[0].data == "windows");
    CHECK(c.parts[1].header.filename == "../../x.png");
    CHECK(c.parts[1].header.content_type == "image/png");
    CHECK(c.parts[1].data == "\x89PNG\r\n--Xy not a delimiter\r\n");
  }
}

TEST_CASE("malformed multipart bodies and stopping handlers fail cleanly", "[multipart]") {
  upload::MultipartParser parser("XyZ");
  Collected c;
  CHECK_FALSE(parser.feed("--XyZ\r\nNo-Colon-Here\r\n\r\nx\r\n--XyZ--", c));
  CHECK_FALSE(parser.error().empty());

  upload::MultipartParser limited("XyZ");
  Collected small;
  small.limit = 3;
  CHECK_FALSE(limited.feed(kBody, small));
  CHECK(limited.error() == "stopped");
}

namespace {

// Whether `body` parses to its end, fed in pieces of `step` bytes.
bool parses_completely(const std::string& body, std::size_t step) {
  upload::MultipartParser parser("B");
  Collected c;
  for (std::size_t i = 0; i < body.size(); i += step) {
    if (!parser.feed(std::string_view(body).substr(i, step), c)) return false;
  }
  return parser.finished();
}

}  // namespace

// Found by the chunking invariant of tests/fuzz/multipart.cpp: 300 spaces of transport padding
// after a delimiter were refused when they arrived in pieces (the buffer passed 256 bytes before
// the CRLF) but accepted in one piece. The header block limit had the same flaw.
TEST_CASE("multipart size limits do not depend on the chunking", "[multipart]") {
  auto with_padding = [](std::size_t spaces) {
    return "--B" + std::string(spaces, ' ') +
           "\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--B--";
  };
  auto with_header_block = [](std::size_t size) {
    std::string block = "Content-Disposition: form-data; name=a\r\nX-Pad: ";
    block += std::string(size - block.size(), 'p');
    return "--B\r\n" + block + "\r\n\r\nx\r\n--B--";
  };
  for (std::size_t step : {1u, 2u, 5u, 100000u}) {
    CAPTURE(step);
    CHECK(parses_completely(with_padding(256), step));
    CHECK_FALSE(parses_completely(with_padding(257), step));
    CHECK_FALSE(parses_completely(with_padding(300), step));
    CHECK(parses_completely(with_header_block(16 * 1024), step));
    CHECK_FALSE(parses_completely(with_header_block(16 * 1024 + 1), step));
  }
}

TEST_CASE("upload names are safe base names (S14) that never overwrite (J15)", "[upload]") {
  CHECK(upload::safe_base_name("../../x.png") == "x.png");
  CHECK(upload::safe_base_name("..\\..\\evil.exe") == "evil.exe");
  CHECK(upload::safe_base_name("a\x01"
                               "b.png") == "ab.png");
  CHECK(upload::safe_base_name("..").rfind("upload-", 0) == 0);
  CHECK(upload::safe_base_name("").rfind("upload-", 0) == 0);
  CHECK(upload::safe_base_name(".hidden") == "hidden");
  CHECK(upload::split_extension("a.b.png") == std::pair<std::string, std::string>{"a.b", "png"});
  CHECK(upload::split_extension("noext") == std::pair<std::string, std::string>{"noext", ""});

  TempDir dir;
  CHECK(upload::claim_unique_path(dir.path, "pic.png").filename() == "pic.png");
  CHECK(upload::claim_unique_path(dir.path, "pic.png").filename() == "pic-1.png");
  CHECK(upload::claim_unique_path(dir.path, "pic.png").filename() == "pic-2.png");
  CHECK(upload::claim_unique_path(dir.path, "noext").filename() == "noext");
  CHECK(upload::claim_unique_path(dir.path, "noext").filename() == "noext-1");
}

TEST_CASE("static files stay inside their folder", "[static]") {
  TempDir dir;
  auto root = dir.path / "uploads";
  fs::create_directories(root / "sub");
  std::ofstream(root / "t.txt") << "hi";
  std::ofstream(root / "sub" / "a b.png") << "png";
  std::ofstream(dir.path / "secret.txt") << "no";
  fs::create_symlink(dir.path / "secret.txt", root / "link.txt");

  CHECK(resolve_static_file(root, "t.txt").has_value());
  CHECK(resolve_static_file(root, "sub/a%20b.png").has_value());
  CHECK_FALSE(resolve_static_file(root, "../secret.txt").has_value());
  CHECK_FALSE(resolve_static_file(root, "..%2fsecret.txt").has_value());
  CHECK_FALSE(resolve_static_file(root, "..%2f..%2fetc/passwd").has_value());
  CHECK_FALSE(resolve_static_file(root, "sub").has_value());
  CHECK_FALSE(resolve_static_file(root, "").has_value());
  CHECK_FALSE(resolve_static_file(root, "link.txt").has_value());
  CHECK_FALSE(resolve_static_file(root, "t.txt%00").has_value());
  CHECK_FALSE(resolve_static_file(root, "missing.txt").has_value());
  CHECK(content_type_for("t.txt") == "text/plain; charset=UTF-8");
  CHECK(content_type_for("X.PNG") == "image/png");
}

TEST_CASE("ffmpeg reads uploads with a pinned demuxer and the file protocol only", "[upload]") {
  using upload::input_args;
  using upload::MediaKind;
  const auto abs = fs::absolute("up/1/a.PNG").string();
  CHECK(input_args("up/1/a.PNG", MediaKind::image) ==
        std::vector<std::string>{"-protocol_whitelist", "file", "-format_whitelist", "png_pipe",
                                 "-f", "png_pipe", "-i", "file:" + abs});
  auto video = input_args("/u/clip.mp4", MediaKind::video);
  CHECK(video == std::vector<std::string>{"-protocol_whitelist", "file", "-format_whitelist", "mov",
                                          "-f", "mov", "-i", "file:/u/clip.mp4"});
  // Unknown extension: auto-detection limited to the demuxers of its kind (never hls, concat).
  auto unknown = input_args("/u/list.m3u8", MediaKind::image);
  REQUIRE(unknown.size() == 6);
  CHECK(unknown[2] == "-format_whitelist");
  CHECK(unknown[3].find("hls") == std::string::npos);
  CHECK(unknown[3].find("concat") == std::string::npos);
  CHECK(unknown[5] == "file:/u/list.m3u8");
  // A name that looks like a protocol stays a local file.
  CHECK(input_args("/u/subfile:x.png", MediaKind::image).back() == "file:/u/subfile:x.png");
}
