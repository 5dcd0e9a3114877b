// The websocket FrameReader (client frames: masked, fragmented, control frames between
// fragments). The same bytes fed at once and in small slices must give the same events, since
// a TCP stream can be cut anywhere.
#include <vector>

#include "server/socketio/websocket_frame.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

namespace ws = im::ws;

// Small enough that the too-big path is reached with short inputs.
constexpr std::size_t kMaxMessage = 1000;

struct Seen {
  ws::FrameReader::Event::Kind kind;
  bool binary;
  std::string payload;
  std::uint16_t close_code;
  bool operator==(const Seen&) const = default;
};

std::vector<Seen> read_events(std::string_view bytes, std::size_t step) {
  ws::FrameReader reader(kMaxMessage);
  std::vector<Seen> seen;
  for (std::size_t at = 0; at < bytes.size(); at += step) {
    reader.feed(bytes.substr(at, step));
    while (auto event = reader.next())
      seen.push_back({event->kind, event->binary, event->payload, event->close_code});
  }
  return seen;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto bytes = im::fuzz::as_text(data, size);
  auto whole = read_events(bytes, bytes.size() + 1);
  auto sliced = read_events(bytes, 1 + size % 5);
  im::fuzz::require(whole == sliced, "slicing the stream does not change the events");
  for (const auto& event : whole) {
    if (event.kind == ws::FrameReader::Event::Kind::message)
      im::fuzz::require(event.payload.size() <= kMaxMessage, "messages respect max_message");
  }
  return 0;
}
